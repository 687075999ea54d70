package console

import (
	"context"
	"strings"
	"testing"

	"nursling/internal/enginetest"
)

// TestNoParentTextInLogs sends the privacy probe (every command with a
// made-up word, a baby's name and a time zone, then free text naming the
// baby) through the console to the real engine logging at debug level:
// no log line may hold any of it.
func TestNoParentTextInLogs(t *testing.T) {
	logs := &enginetest.Logs{}
	eng := enginetest.New(t, logs.Logger())
	texts := enginetest.Texts(eng.Commands())
	var out strings.Builder
	if err := Run(context.Background(), eng, Options{In: strings.NewReader(strings.Join(texts, "\n") + "\n"), Out: &out, FilesDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	// The reply no longer echoes the zone (it would repeat what was
	// typed); that it was read shows the probe reached the feed log.
	if !strings.Contains(out.String(), "I don't know that time zone") {
		t.Errorf("no reply to /tz about the time zone, so the probe did not reach the feed log:\n%s", out.String())
	}
	logs.Check(t)
}
