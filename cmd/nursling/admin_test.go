package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nursling/bot/feedlog/sqlstore"
)

// TestReportFeedbackBackup drives the operator commands on a real
// database: what curators see, and a consistent backup.
func TestReportFeedbackBackup(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "nursling.yaml")
	if err := os.WriteFile(cfgPath, []byte("data_dir: "+filepath.Join(dir, "data")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCmd(t, "", "report", "--config", cfgPath); code != 1 || !strings.Contains(errOut, "no database") {
		t.Errorf("report before any database: exit %d, %s", code, errOut)
	}
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, filepath.Join(dir, "data", dbFile), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct {
		topic   string
		noMatch bool
		text    string
	}{{"latch", false, ""}, {"latch", false, ""}, {"mastitis", false, ""}, {"", true, "car seat for twins"}} {
		if err := s.RecordAnswer(ctx, a.topic, a.noMatch, a.text); err != nil {
			t.Fatal(err)
		}
	}
	s.RecordFeedback(ctx, "latch", true)
	s.RecordFeedback(ctx, "latch", false)
	s.RecordFeedback(ctx, "latch", true)
	s.Close()

	out, errOut, code := runCmd(t, "", "report", "--config", cfgPath)
	if code != 0 {
		t.Fatalf("report: exit %d %s", code, errOut)
	}
	for _, want := range []string{"latch", "mastitis", "questions with no match: 1", "car seat for twins"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	fields := func(line string) []string { return strings.Fields(line) }
	for _, line := range strings.Split(out, "\n") {
		if f := fields(line); len(f) == 4 && f[0] == "latch" && (f[1] != "2" || f[2] != "2" || f[3] != "1") {
			t.Errorf("latch row = %q, want answered 2, helpful 2, not helpful 1", line)
		}
	}
	out, _, code = runCmd(t, "", "feedback", "--config", cfgPath)
	if code != 0 || !strings.Contains(out, "latch") || strings.Contains(out, "mastitis") {
		t.Errorf("feedback lists topics with feedback only: exit %d\n%s", code, out)
	}
	backup := filepath.Join(dir, "backup.db")
	if out, errOut, code := runCmd(t, "", "backup", "--config", cfgPath, backup); code != 0 || !strings.Contains(out, backup) {
		t.Fatalf("backup: exit %d %s %s", code, out, errOut)
	}
	b, err := sqlstore.Open(ctx, backup, sqlstore.Options{})
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	rep, err := b.Report(ctx)
	b.Close()
	if err != nil || rep.NoMatch != 1 {
		t.Errorf("backup report = %+v, %v", rep, err)
	}
	if _, errOut, code := runCmd(t, "", "backup", "--config", cfgPath, backup); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("a backup never overwrites a file: exit %d %s", code, errOut)
	}
}

// TestImportBabyBuddy moves feeds from a Baby Buddy export into the
// terminal chat's log, where /history then shows them.
func TestImportBabyBuddy(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "nursling.yaml")
	os.WriteFile(cfgPath, []byte("data_dir: "+filepath.Join(dir, "data")+"\nfeedlog:\n  default_timezone: Europe/London\n"), 0o600)
	csvPath := filepath.Join(dir, "feedings.csv")
	os.WriteFile(csvPath, []byte("id,child,start,end,duration,type,method,amount,notes\n"+
		"7,Mia,2026-11-20 14:05:00,2026-11-20 14:20:00,00:15:00,breast milk,left breast,,\n"+
		"8,Mia,2026-11-20 16:00:00,2026-11-20 16:05:00,00:05:00,formula,bottle,60.0,\n"+
		"9,Mia,2026-11-20 17:00:00,2026-11-20 17:10:00,00:10:00,solid food,parent fed,,\n"), 0o600)
	// Baby Buddy amounts have no unit: without --unit the import asks.
	if _, errOut, code := runCmd(t, "", "import", "babybuddy", "--config", cfgPath, csvPath); code != 2 || !strings.Contains(errOut, "--unit ml or --unit oz") {
		t.Fatalf("import without --unit: exit %d %q", code, errOut)
	}
	out, errOut, code := runCmd(t, "", "import", "babybuddy", "--config", cfgPath, "--unit", "ml", csvPath)
	if code != 0 || !strings.Contains(out, "imported 2 entries; skipped 1 solid food (Nursling does not log it)") {
		t.Fatalf("import: exit %d %q %q", code, out, errOut)
	}
	// The same file again adds nothing, and says why (newcomer run D4).
	out, errOut, code = runCmd(t, "", "import", "babybuddy", "--config", cfgPath, "--unit", "ml", csvPath)
	if code != 0 || !strings.Contains(out, "imported 0 entries; skipped 2 already in the log, 1 solid food") {
		t.Fatalf("second import: exit %d %q %q", code, out, errOut)
	}
	out, _, code = runCmd(t, "/history\n", "chat", "--config", cfgPath)
	if code != 0 || !strings.Contains(out, "left breast, 15 min") || !strings.Contains(out, "bottle, 60 ml") {
		t.Errorf("the imported feeds are not in the terminal user's log:\n%s", out)
	}
	if _, errOut, code := runCmd(t, "", "import", "babybuddy", "--config", cfgPath, "--unit", "ml", "--user", "nope", csvPath); code != 2 || !strings.Contains(errOut, "platform:id") {
		t.Errorf("bad --user: exit %d %s", code, errOut)
	}
}
