package discord

import (
	"os/exec"
	"strings"
	"testing"
)

// The adapter is the only importer of discordgo and must stay clear of the
// search engine, SQL drivers and the other platforms' SDKs.
func TestDependencies(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	out, err := exec.Command(gobin, "list", "-e", "-deps", "nursling/bot/discord").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	banned := []string{"github.com/blevesearch/", "modernc.org/sqlite", "github.com/mattn/go-sqlite3", "github.com/go-telegram-bot-api/"}
	for _, dep := range strings.Fields(string(out)) {
		for _, b := range banned {
			if strings.HasPrefix(dep, b) {
				t.Errorf("bot/discord depends on %s", dep)
			}
		}
	}
}
