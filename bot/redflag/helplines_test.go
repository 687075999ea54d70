package redflag

import (
	"strings"
	"testing"
)

func TestHelplines(t *testing.T) {
	tests := []struct {
		country, emergency, crisis string
	}{
		{"GB", "999", "116 123"},
		{"gb", "999", "116 123"},
		{"US", "911", "988"},
		{"CA", "911", "988"},
		{"AU", "000", "13 11 14"},
		{"NZ", "111", "1737"},
		{"IE", "112", "116 123"},
		{"", "112", "findahelpline.com"},
	}
	for _, tt := range tests {
		h, err := HelplinesFor(tt.country)
		if err != nil {
			t.Fatalf("HelplinesFor(%q): %v", tt.country, err)
		}
		if !strings.Contains(h.Emergency, tt.emergency) || !strings.Contains(h.Crisis[0], tt.crisis) {
			t.Errorf("HelplinesFor(%q) = %+v, want %s and %s", tt.country, h, tt.emergency, tt.crisis)
		}
	}
	if _, err := HelplinesFor("XX"); err == nil {
		t.Error("HelplinesFor(XX) = nil error")
	}
	if got := Countries(); strings.Join(got, ",") != "AU,CA,GB,IE,NZ,US" {
		t.Errorf("Countries() = %v", got)
	}
}
