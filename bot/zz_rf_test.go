package bot

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZRF(t *testing.T) {
	qs := os.Getenv("RFQ")
	if qs == "" {
		t.Skip()
	}
	d := NewRedFlagDetector()
	for _, q := range strings.Split(qs, "\n") {
		f := d.Detect(q)
		fmt.Printf("%v %s %q  <- %s\n", f.Tier, f.Topic, f.Reason, q)
	}
}
