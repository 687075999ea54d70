package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nursling/bot/chat"
	"nursling/bot/feedlog"
	"nursling/bot/feedlog/pgstore"
	"nursling/bot/feedlog/sqlstore"
	"nursling/bot/feedlog/storetest"
	"nursling/bot/logbook"
	"nursling/bot/remind"
)

// exports is what /export and /export babybuddy give each user.
func exports(t *testing.T, s logbook.Store, now time.Time, users []feedlog.User) [][]byte {
	t.Helper()
	book := logbook.New(logbook.Deps{Store: s, Now: func() time.Time { return now }}, logbook.Options{TimeZone: "Europe/London"})
	var out [][]byte
	for _, u := range users {
		for _, args := range []string{"", "babybuddy"} {
			m := chat.Message{Platform: chat.Platform(u.Platform), ID: "export-" + args, ChatID: "c-" + u.ID, UserID: u.ID, Text: "/export " + args}
			r, ok, err := book.Command(context.Background(), m, "export", args)
			if err != nil || !ok || len(r.Attachments) != 1 {
				t.Fatalf("/export %s for %s: ok %v err %v, %d attachments", args, u.ID, ok, err, len(r.Attachments))
			}
			out = append(out, r.Attachments[0].Data)
		}
	}
	return out
}

// TestMigrateSQLiteToPostgres fills a SQLite log the way the bot does,
// moves it with `nursling migrate sqlite-to-postgres`, and checks the
// counts and that every user's /export is byte-identical before and after,
// and that redeliveries, reminders and new entries carry on.
func TestMigrateSQLiteToPostgres(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	schema := storetest.FreshSchema(t, dsn)
	ctx := context.Background()
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "nursling.yaml")
	cfg := "data_dir: " + filepath.Join(dir, "data") + "\nstore:\n  dsn_env: NURSLING_TEST_MIGRATE_DSN\n"
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NURSLING_TEST_MIGRATE_DSN", storetest.WithSearchPath(dsn, schema))

	now := time.Date(2026, 11, 5, 14, 5, 0, 0, time.UTC)
	ss, err := sqlstore.Open(ctx, filepath.Join(dir, "data", dbFile), sqlstore.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	a := feedlog.User{Platform: "telegram", ID: "1001"}
	b := feedlog.User{Platform: "discord", ID: "2002"}
	c := feedlog.User{Platform: "telegram", ID: "3003"}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	h, err := ss.AddBaby(ctx, a, "Ann", "2026-10-20")
	must(err)
	must(ss.SetTimeZone(ctx, a, "Europe/London"))
	for i := range 120 {
		e := storetest.Feed([]feedlog.Side{feedlog.Left, feedlog.Right}[i%2], now.Add(-time.Duration(i)*150*time.Minute), 12*time.Minute)
		e.BabyID = h.Babies[0].ID
		if i%7 == 0 {
			e.Note = fmt.Sprintf("sleepy, \"quoted\", row %d", i)
		}
		storetest.MustLog(t, ss, a, fmt.Sprint("a", i), e)
	}
	must(ss.CreateShareCode(ctx, a, "code-hash", now.Add(time.Hour)))
	_, err = ss.Join(ctx, b, "code-hash")
	must(err)
	for i := range 30 {
		storetest.MustLog(t, ss, b, fmt.Sprint("b", i), feedlog.Entry{Kind: feedlog.Nappy, Nappy: feedlog.Wet, Start: now.Add(-time.Duration(i) * time.Hour), End: now.Add(-time.Duration(i) * time.Hour)})
	}
	_, err = ss.Import(ctx, []sqlstore.ImportBatch{{User: c, Entries: []feedlog.Entry{{Kind: feedlog.Feed, Method: feedlog.Bottle, AmountML: 90, Start: now, End: now}}}})
	must(err)
	rem, err := ss.AddReminder(ctx, remind.Reminder{User: remind.User{Platform: a.Platform, ID: a.ID}, Kind: remind.Once, Text: "vitamin D", Status: remind.Active, Due: now.Add(time.Hour), Created: now, Src: "telegram/c/r1"}, 10)
	must(err)
	must(ss.RecordAnswer(ctx, "latch", false, ""))
	must(ss.SetState(ctx, "telegram.offset", "777"))
	users := []feedlog.User{a, b, c}
	before := exports(t, ss, now, users)
	must(ss.Close())

	out, errOut, code := runCmd(t, "", "migrate", "sqlite-to-postgres", "--config", cfgPath)
	if code != 0 {
		t.Fatalf("migrate: exit %d\n%s\n%s", code, out, errOut)
	}
	copied := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 2 {
			copied[f[0]] = f[1]
		}
	}
	for table, want := range map[string]string{"entries": "151", "households": "2", "members": "3", "babies": "1", "reminders": "1", "answer_stats": "1"} {
		if copied[table] != want {
			t.Errorf("migrate copied %q rows of %s, want %s:\n%s", copied[table], table, want, out)
		}
	}
	if !strings.Contains(out, "store.driver: postgres") {
		t.Errorf("migrate does not say what to do next:\n%s", out)
	}
	if strings.Contains(out+errOut, dsn) {
		t.Error("the DSN was printed")
	}
	pg, err := pgstore.Open(ctx, dsn, pgstore.Options{Now: func() time.Time { return now }, Schema: schema})
	must(err)
	defer pg.Close()
	after := exports(t, pg, now, users)
	for i := range before {
		if !bytes.Equal(before[i], after[i]) {
			t.Errorf("export %d differs after the move:\nSQLite:\n%s\nPostgreSQL:\n%s", i, before[i], after[i])
		}
	}
	if len(before[0]) < 1000 {
		t.Errorf("the export is only %d bytes; the comparison would be hollow", len(before[0]))
	}
	// The move carries the idempotency keys, reminders and adapter state.
	if _, dup, err := pg.LogEntry(ctx, a, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: "telegram", Chat: "c-1001", ID: "a5"}, Entry: storetest.Feed(feedlog.Left, now, time.Minute)}); err != nil || !dup {
		t.Errorf("a redelivered message after the move: dup %v err %v", dup, err)
	}
	if got, err := pg.AddReminder(ctx, remind.Reminder{User: remind.User{Platform: a.Platform, ID: a.ID}, Kind: remind.Once, Status: remind.Active, Due: now, Created: now, Src: "telegram/c/r1"}, 10); err != nil || got.ID != rem.ID || got.Text != "vitamin D" {
		t.Errorf("a redelivered reminder after the move: %+v %v", got, err)
	}
	if v, _ := pg.State(ctx, "telegram.offset"); v != "777" {
		t.Errorf("telegram.offset = %q after the move", v)
	}
	e := storetest.MustLog(t, pg, c, "new", storetest.Feed(feedlog.Right, now, time.Minute))
	if e.ID <= 151 {
		t.Errorf("a new entry got id %d, which the copied ones use", e.ID)
	}
	// A second run refuses: the database is no longer empty.
	if _, errOut, code := runCmd(t, "", "migrate", "sqlite-to-postgres", "--config", cfgPath); code != 1 || !strings.Contains(errOut, "already holds data") {
		t.Errorf("second migrate: exit %d %s", code, errOut)
	}
}

// TestBackupSaysPgDump: with store.driver: postgres, `nursling backup`
// points to pg_dump (it needs no server for that).
func TestBackupSaysPgDump(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "nursling.yaml")
	if err := os.WriteFile(cfgPath, []byte("data_dir: "+dir+"\nstore:\n  driver: postgres\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCmd(t, "", "backup", "--config", cfgPath, filepath.Join(dir, "b.db")); code != 1 || !strings.Contains(errOut, "pg_dump") {
		t.Errorf("backup on postgres: exit %d %s", code, errOut)
	}
}

// TestOpenStorePostgres: store.driver: postgres takes the DSN from the
// environment only, and /healthz's store check follows the server.
func TestOpenStorePostgres(t *testing.T) {
	ctx := context.Background()
	cfg, err := loadConfig("")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Store.Driver, cfg.Store.DSNEnv = "postgres", "NURSLING_TEST_OPEN_DSN"
	t.Setenv("NURSLING_TEST_OPEN_DSN", "")
	if _, err := openStore(ctx, cfg, nil, nil); err == nil || !strings.Contains(err.Error(), "store.dsn_env") {
		t.Errorf("no DSN: err = %v, want it to name store.dsn_env", err)
	}
	if got := storeInfo(cfg); got != "postgres" {
		t.Errorf("storeInfo = %q", got)
	}
	dsn := storetest.PostgresDSN(t)
	t.Setenv("NURSLING_TEST_OPEN_DSN", storetest.WithSearchPath(dsn, storetest.FreshSchema(t, dsn)))
	s, err := openStore(ctx, cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*pgstore.Store); !ok {
		t.Fatalf("openStore gave %T", s)
	}
	ready := storeHealth(s, true)
	if !ready() {
		t.Error("health: store not ready on a live server")
	}
	s.Close()
	if ready() {
		t.Error("health: store ready after its pool closed")
	}
}
