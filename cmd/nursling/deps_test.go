package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportBoundaries keeps each SDK at one edge: the engine and the guide
// import no platform SDK, no search engine and no SQL driver, and each
// adapter is the only importer of its SDK.
func TestImportBoundaries(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not available")
	}
	forbidden := map[string][]string{
		"nursling/knowledge":            {"bleve", "discordgo", "telegram-bot-api", "modernc.org/sqlite", "database/sql", "prometheus"},
		"nursling/bot":                  {"bleve", "discordgo", "telegram-bot-api", "modernc.org/sqlite", "prometheus", "database/sql", "sqlstore"},
		"nursling/bot/feedlog":          {"bleve", "discordgo", "telegram-bot-api", "modernc.org/sqlite", "nursling/bot\n", "database/sql"},
		"nursling/bot/logbook":          {"bleve", "discordgo", "telegram-bot-api", "modernc.org/sqlite", "database/sql", "nursling/bot\n", "nursling/index"},
		"nursling/bot/chat":             {"nursling/", "bleve", "database/sql"},
		"nursling/bot/render":           {"nursling/", "bleve", "discordgo", "telegram-bot-api", "database/sql"},
		"nursling/bot/feedlog/sqlstore": {"bleve", "discordgo", "telegram-bot-api", "modernc.org/sqlite", "nursling/bot\n"},
		"nursling/bot/telegram":         {"bleve", "discordgo", "modernc.org/sqlite"},
		"nursling/bot/discord":          {"bleve", "telegram-bot-api", "modernc.org/sqlite"},
		"nursling/bot/web":              {"bleve", "discordgo", "telegram-bot-api", "modernc.org/sqlite", "database/sql", "sqlstore"},
		"nursling/bot/console":          {"bleve", "discordgo", "telegram-bot-api", "modernc.org/sqlite"},
		"nursling/bot/redflag":          {"bleve", "discordgo", "telegram-bot-api", "database/sql", "nursling/bot\n", "nursling/index"},
		"nursling/index":                {"discordgo", "telegram-bot-api", "modernc.org/sqlite", "nursling/bot\n"},
		"nursling/semantic":             {"bleve", "discordgo", "telegram-bot-api", "modernc.org/sqlite", "database/sql", "nursling/bot\n", "nursling/index"},
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		deps := string(out) + "\n"
		for _, b := range bad {
			for _, line := range strings.Split(deps, "\n") {
				if strings.Contains(line+"\n", b) && line != pkg {
					t.Errorf("%s depends on %s", pkg, strings.TrimSpace(line))
					break
				}
			}
		}
	}
}
