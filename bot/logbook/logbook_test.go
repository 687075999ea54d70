package logbook

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nursling/bot/chat"
	"nursling/bot/feedlog"
	"nursling/bot/feedlog/sqlstore"
)

func TestFeedLogConfirmations(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{"fed left 15 min", "Logged: left breast, 15 min, 13:50–14:05. Next: start on the right."},
		{"left 15", "Logged: left breast, 15 min, 13:50–14:05. Next: start on the right."},
		{"L15 R10", "Logged: both breasts, 25 min (left 15 min, right 10 min), 13:40–14:05. Next: start on the right."},
		{"both sides 25 min", "Logged: both breasts, 25 min, 13:40–14:05. Next: start on the side that feels fuller."},
		{"right side 10m at 3:40am", "Logged: right breast, 10 min, 03:40–03:50. Next: start on the left."},
		{"fed 20 min ago left 12 min", "Logged: left breast, 12 min, 13:45–13:57. Next: start on the right."},
		{"fed 15 min", "Logged: breast feed, 15 min, 13:50–14:05. Next: start on the side that feels fuller."},
		{"bottle 90ml", "Logged: bottle, 90 ml at 14:05."},
		{"bottle 3oz formula", "Logged: bottle, 89 ml formula at 14:05."},
		{"120 ml expressed milk", "Logged: bottle, 120 ml breast milk at 14:05."},
		{"4 oz EBM", "Logged: bottle, 118 ml breast milk at 14:05."},
		{"wet nappy", "Logged: wet nappy at 14:05."},
		{"dirty diaper", "Logged: dirty nappy at 14:05."},
		{"poo", "Logged: dirty nappy at 14:05."},
		{"wet and dirty", "Logged: wet and dirty nappy at 14:05."},
		{"pumped 80ml", "Logged: pumped 80 ml at 14:05."},
		{"pumped 60 left 50 right", "Logged: pumped 110 ml (left 60, right 50) at 14:05."},
		{"left 10 yesterday 11pm", "Logged: left breast, 10 min, yesterday 23:00–23:10. Next: start on the right."},
		{"/feed left 15", "Logged: left breast, 15 min, 13:50–14:05. Next: start on the right."},
		{"/feed left 15 at 1pm", "Logged: left breast, 15 min, 13:00–13:15. Next: start on the right."},
		{"/feed right 10", "Logged: right breast, 10 min, 13:55–14:05. Next: start on the left."},
		{"/feed both 25", "Logged: both breasts, 25 min, 13:40–14:05. Next: start on the side that feels fuller."},
		{"/feed bottle 90 formula", "Logged: bottle, 90 ml formula at 14:05."},
		{"/feed bottle 90 ebm", "Logged: bottle, 90 ml breast milk at 14:05."},
		{"/bottle 90 breast milk", "Logged: bottle, 90 ml breast milk at 14:05."},
		{"/nappy wet", "Logged: wet nappy at 14:05."},
		{"/nappy both", "Logged: wet and dirty nappy at 14:05."},
		{"/pump 120", "Logged: pumped 120 ml at 14:05."},
		{"/pump 60 left 50 right", "Logged: pumped 110 ml (left 60, right 50) at 14:05."},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			env := newFLEnv(t)
			r := env.say("u1", tt.text)
			if got := flFirst(r); got != tt.want {
				t.Errorf("%q:\n got %q\nwant %q", tt.text, got, tt.want)
			}
			if r.Visibility != Private {
				t.Error("feed-log reply is not Private")
			}
			if d := flButton(t, r, "Undo"); !strings.HasPrefix(d, "undo:") {
				t.Errorf("Undo button data %q", d)
			}
			if n := len(env.entries("u1")); n != 1 {
				t.Errorf("%d entries stored, want 1", n)
			}
		})
	}
}

func TestFeedLogQuestionsGoToTheGuide(t *testing.T) {
	env := newFLEnv(t)
	for _, text := range []string{
		"how long should a feed last",
		"is 15 min on each side enough",
		"what is cluster feeding",
		"my baby won't latch on the left side",
		"left breast hurts",
		"done",         // no timer running: not the feed log's
		"switch sides", // likewise
		"hello",
	} {
		r, ok, err := env.send(env.msg("u1", text))
		if ok || err != nil || !r.Empty() {
			t.Errorf("%q: ok %v err %v reply %q; want it left for the guide", text, ok, err, flRender(r))
		}
	}
	if _, ok, _ := env.e.Command(context.Background(), env.msg("u1", "/ask x"), "ask", "x"); ok {
		t.Error("Command took /ask")
	}
	if h, _ := env.store.Household(context.Background(), feedlog.User{Platform: "telegram", ID: "u1"}); h.ID != 0 {
		t.Error("a question created a household")
	}
}

func TestFeedLogRedeliveryLogsOnce(t *testing.T) {
	env := newFLEnv(t)
	m := env.msg("u1", "left 15")
	first, _, err := env.send(m)
	if err != nil {
		t.Fatal(err)
	}
	env.clk.Add(time.Minute)
	env.restart()
	second, _, err := env.send(m)
	if err != nil {
		t.Fatal(err)
	}
	// The first confirmation may never have reached the parent: the
	// redelivered message gets the same one.
	if diff := cmp.Diff(flRender(first), flRender(second)); diff != "" {
		t.Errorf("redelivery got a different confirmation (-first +second):\n%s", diff)
	}
	if n := len(env.entries("u1")); n != 1 {
		t.Errorf("%d entries after a redelivery, want 1", n)
	}
}

func TestFeedLogUnsureAsksAndSurvivesRestart(t *testing.T) {
	env := newFLEnv(t)
	r := env.say("u1", "90ml")
	if got, want := flFirst(r), "Log a 90 ml bottle at 14:05?"; got != want {
		t.Errorf("question %q, want %q", got, want)
	}
	if len(env.entries("u1")) != 0 {
		t.Fatal("logged before the parent said yes")
	}
	yes := flButton(t, r, "Yes")
	env.restart() // the question is in the store, not in memory
	got := env.press("u1", yes)
	if want := "Logged: bottle, 90 ml at 14:05."; flFirst(got) != want {
		t.Errorf("after Yes: %q, want %q", flFirst(got), want)
	}
	again := env.press("u1", yes)
	if want := strings.Replace(flRender(got), "Logged:", "Already logged:", 1); flRender(again) != want {
		t.Errorf("second Yes: %q, want %q", flRender(again), want)
	}
	if n := len(env.entries("u1")); n != 1 {
		t.Errorf("%d entries, want 1", n)
	}
	// Another user cannot answer u1's question.
	if r := env.press("u2", yes); !strings.Contains(flFirst(r), "expired") {
		t.Errorf("u2 pressing u1's Yes: %q", flFirst(r))
	}

	r = env.say("u1", "left")
	if want := "Log a feed on the left at 14:05?"; flFirst(r) != want {
		t.Errorf("question %q, want %q", flFirst(r), want)
	}
	if got := env.press("u1", flButton(t, r, "No")); !strings.Contains(flFirst(got), "nothing was logged") {
		t.Errorf("after No: %q", flFirst(got))
	}
	r = env.say("u1", "fed left 15 min sleepy")
	if want := "Log a 15 min feed on the left (13:50–14:05)?"; flFirst(r) != want {
		t.Errorf("question %q, want %q", flFirst(r), want)
	}
	if n := len(env.entries("u1")); n != 1 {
		t.Errorf("%d entries after No, want 1", n)
	}
}

func TestFeedLogNappyKindChoice(t *testing.T) {
	env := newFLEnv(t)
	r := env.say("u1", "/nappy")
	got := env.press("u1", flButton(t, r, "Dirty"))
	if want := "Logged: dirty nappy at 14:05."; flFirst(got) != want {
		t.Errorf("%q, want %q", flFirst(got), want)
	}
}

func TestFeedLogProblemsLogNothing(t *testing.T) {
	tests := []struct{ text, want string }{
		{"left 10 at 3pm", "15:00 is later than now (14:05)"},
		{"left 200", "longer than I can log"},
		{"bottle 600ml", "600 ml is more than"},
		{"bottle 4", "Was that 4 ml or 4 oz?"},
		{"left 10 and wet nappy", "one thing per message"},
		{"left 10 at 25:00", "couldn't read the time"},
		{"/feed banana", "I couldn't read that"},
		{"/day 5 Nov", "YYYY-MM-DD"},
		{"/tz Mars/Olympus", "don't know that time zone"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			env := newFLEnv(t)
			_, ok, err := env.send(env.msg("u1", tt.text))
			text, isUser := chat.PublicText(err)
			if !ok || !isUser || !strings.Contains(text, tt.want) {
				t.Errorf("%q: ok %v err %v; want a UserError containing %q", tt.text, ok, err, tt.want)
			}
			if strings.Contains(text, "Logged") {
				t.Errorf("%q: said Logged", tt.text)
			}
			if n := len(env.entries("u1")); n != 0 {
				t.Errorf("%q: %d entries stored, want 0", tt.text, n)
			}
		})
	}
}

func TestFeedLogWarnings(t *testing.T) {
	env := newFLEnv(t)
	env.say("u1", "left 20")
	r := env.say("u1", "left 10 at 13:50") // the same side again: maybe a double
	if !strings.Contains(flRender(r), "overlaps another feed") {
		t.Errorf("no overlap warning: %q", flRender(r))
	}
	env.clk.Add(30 * time.Hour)
	r = env.say("u1", "left 10 yesterday 8am")
	if !strings.Contains(flRender(r), "more than a day ago") {
		t.Errorf("no backdating warning: %q", flRender(r))
	}
	if !strings.HasPrefix(flFirst(r), "Logged") {
		t.Errorf("backdated entry refused: %q", flFirst(r))
	}
}

func TestFeedLogTimer(t *testing.T) {
	env := newFLEnv(t)
	loc := env.loc
	env.clk.Set(time.Date(2026, 11, 5, 14, 0, 0, 0, loc))
	r := env.say("u1", "/timer left")
	if want := "Timer started: left breast at 14:00. Send /timer right to switch sides, /stop when done."; flFirst(r) != want {
		t.Errorf("start: %q", flFirst(r))
	}
	env.restart() // the timer lives in the store
	env.clk.Set(time.Date(2026, 11, 5, 14, 10, 0, 0, loc))
	r = env.say("u1", "/timer right")
	if want := "Switched to the right at 14:10 (left 10 min so far). Send /stop when done."; flFirst(r) != want {
		t.Errorf("switch: %q", flFirst(r))
	}
	env.clk.Set(time.Date(2026, 11, 5, 14, 18, 0, 0, loc))
	r = env.say("u1", "done")
	if want := "Logged: both breasts, 18 min (left 10 min, right 8 min), 14:00–14:18. Next: start on the right."; flFirst(r) != want {
		t.Errorf("stop: %q", flFirst(r))
	}
	if r := env.say("u1", "/stop"); !strings.Contains(flFirst(r), "No timer is running") {
		t.Errorf("second stop: %q", flFirst(r))
	}

	// Free-text forms, and the switch button.
	r = env.say("u1", "start feed right")
	env.clk.Add(5 * time.Minute)
	env.press("u1", flButton(t, r, "Switch side"))
	env.clk.Add(5 * time.Minute)
	r = env.say("u1", "stop")
	if want := "Logged: both breasts, 10 min (right 5 min, left 5 min), 14:18–14:28. Next: start on the left."; flFirst(r) != want {
		t.Errorf("button switch: %q", flFirst(r))
	}
}

func TestFeedLogLongTimerAsks(t *testing.T) {
	for _, keep := range []bool{true, false} {
		env := newFLEnv(t)
		env.clk.Set(time.Date(2026, 11, 5, 10, 0, 0, 0, env.loc))
		env.say("u1", "/timer left")
		env.clk.Set(time.Date(2026, 11, 5, 12, 35, 0, 0, env.loc))
		r := env.say("u1", "/stop")
		if want := "The timer ran for 2 h 35 min (10:00–12:35). Keep it as a feed?"; flFirst(r) != want {
			t.Errorf("long timer: %q", flFirst(r))
		}
		if keep {
			got := env.press("u1", flButton(t, r, "Yes, keep it"))
			if !strings.HasPrefix(flFirst(got), "Logged: left breast, 2 h 35 min, 10:00–12:35.") {
				t.Errorf("keep: %q", flFirst(got))
			}
		} else {
			env.press("u1", flButton(t, r, "No, discard it"))
		}
		want := 0
		if keep {
			want = 1
		}
		if n := len(env.entries("u1")); n != want {
			t.Errorf("keep=%v: %d entries, want %d", keep, n, want)
		}
		if r := env.say("u1", "/stop"); !strings.Contains(flFirst(r), "No timer") {
			t.Errorf("keep=%v: timer still running: %q", keep, flFirst(r))
		}
	}
}

func TestFeedLogGroupRepliesArePrivate(t *testing.T) {
	env := newFLEnv(t)
	for _, text := range []string{"left 15", "/today", "/last", "/week", "/export", "/history", "/share"} {
		m := env.msg("u1", text)
		m.Group, m.ChatID = true, "group-1"
		r, ok, err := env.send(m)
		if err != nil || !ok {
			t.Fatalf("%q: ok %v err %v", text, ok, err)
		}
		if r.Visibility != Private {
			t.Errorf("%q in a group: visibility %v, want Private", text, r.Visibility)
		}
	}
}

func TestFeedLogUndo(t *testing.T) {
	env := newFLEnv(t)
	r1 := env.say("u1", "left 15")
	env.say("u1", "wet nappy")
	m := env.msg("u1", "/undo")
	r, _, _ := env.send(m)
	if want := "Removed: wet nappy at 14:05."; flFirst(r) != want {
		t.Errorf("undo: %q", flFirst(r))
	}
	if r, _, _ := env.send(m); flFirst(r) != "Already undone." {
		t.Errorf("redelivered undo: %q", flFirst(r))
	}
	r = env.press("u1", flButton(t, r1, "Undo"))
	if !strings.HasPrefix(flFirst(r), "Removed: left breast") {
		t.Errorf("undo button: %q", flFirst(r))
	}
	if n := len(env.entries("u1")); n != 0 {
		t.Errorf("%d entries left", n)
	}
	if r := env.say("u1", "/undo"); flFirst(r) != "There is nothing of yours to undo." {
		t.Errorf("empty undo: %q", flFirst(r))
	}
}

func TestFeedLogTwins(t *testing.T) {
	env := newFLEnv(t)
	env.say("u1", "/baby Twin A 2026-11-01")
	r := env.say("u1", "/baby Twin B 2026-11-01")
	if !strings.Contains(flFirst(r), "Saved Twin B, born 2026-11-01 (day 5 of life today).") {
		t.Errorf("/baby: %q", flFirst(r))
	}
	r = env.say("u1", "twin A left 10")
	if want := "Logged for Twin A: left breast, 10 min, 13:55–14:05. Next: start on the right."; flFirst(r) != want {
		t.Errorf("named: %q", flFirst(r))
	}
	r = env.say("u1", "right 12")
	if want := "Which baby is this for: a 12 min feed on the right (13:53–14:05)?"; flFirst(r) != want {
		t.Errorf("unnamed: %q", flFirst(r))
	}
	r = env.press("u1", flButton(t, r, "Twin B"))
	if want := "Logged for Twin B: right breast, 12 min, 13:53–14:05. Next: start on the left."; flFirst(r) != want {
		t.Errorf("chosen: %q", flFirst(r))
	}
	// Names with no number in the message: the name is only known once
	// the household is read.
	if r := env.say("u1", "Twin B wet nappy"); flFirst(r) != "Logged for Twin B: wet nappy at 14:05." {
		t.Errorf("named nappy: %q", flFirst(r))
	}
	if r := env.say("u1", "dirty nappy for twin a"); flFirst(r) != "Logged for Twin A: dirty nappy at 14:05." {
		t.Errorf("named nappy after: %q", flFirst(r))
	}
	last := flRender(env.say("u1", "/last"))
	for _, want := range []string{"# Twin A", "Last feed: left breast, 10 min, 13:55–14:05", "# Twin B", "Next: start on the left."} {
		if !strings.Contains(last, want) {
			t.Errorf("/last lacks %q:\n%s", want, last)
		}
	}
	if _, _, err := env.send(env.msg("u1", "/timer left")); err == nil {
		t.Error("/timer without a baby name was accepted with twins")
	}
	if r := env.say("u1", "/timer left Twin B"); !strings.Contains(flFirst(r), "for Twin B") {
		t.Errorf("twin timer: %q", flFirst(r))
	}
}

func TestFeedLogShareAcrossPlatforms(t *testing.T) {
	env := newFLEnv(t)
	ctx := context.Background()
	env.say("mum", "left 15")
	r := env.say("mum", "/share")
	code := ""
	for _, w := range strings.Fields(flFirst(r)) {
		if len(w) == 9 && w[4] == '-' {
			code = w
		}
	}
	if code == "" {
		t.Fatalf("no code in %q", flFirst(r))
	}
	// The partner is on Discord.
	join := Message{Platform: Discord, ID: "d1", ChatID: "dm", UserID: "dad", Text: "/join " + strings.ToLower(code), At: env.clk.Now()}
	r, _, err := env.e.Command(ctx, join, "join", strings.ToLower(code))
	if err != nil || !strings.Contains(flFirst(r), "joined the shared log (2 members)") {
		t.Fatalf("join: %q %v", flFirst(r), err)
	}
	dadLog := Message{Platform: Discord, ID: "d2", ChatID: "dm", UserID: "dad", Text: "bottle 60ml", At: env.clk.Now()}
	if _, _, err := env.e.FreeText(ctx, dadLog); err != nil {
		t.Fatal(err)
	}
	if n := len(env.entries("mum")); n != 2 {
		t.Errorf("mum sees %d entries, want 2 (hers and dad's)", n)
	}
	today := Message{Platform: Discord, ID: "d3", ChatID: "dm", UserID: "dad", At: env.clk.Now()}
	r, _, _ = env.e.Command(ctx, today, "today", "")
	if !strings.Contains(flRender(r), "Feeds: 1 (breast 1, bottle 1; a top-up or a second side is part of the same feed)") {
		t.Errorf("dad's /today:\n%s", flRender(r))
	}
	// The code worked once.
	_, _, err = env.e.Command(ctx, Message{Platform: Telegram, ID: "x", ChatID: "c", UserID: "stranger", At: env.clk.Now()}, "join", code)
	if text, _ := chat.PublicText(err); !strings.Contains(text, "isn't valid") {
		t.Errorf("reused code: %v", err)
	}
	// A stranger still sees nothing.
	if n := len(env.entries("stranger")); n != 0 {
		t.Errorf("stranger sees %d entries", n)
	}
	r, _, _ = env.e.Command(ctx, Message{Platform: Discord, ID: "d4", ChatID: "dm", UserID: "dad", At: env.clk.Now()}, "leave", "")
	if !strings.Contains(flFirst(r), "You've left") {
		t.Errorf("leave: %q", flFirst(r))
	}
	if r := env.say("mum", "/leave"); !strings.Contains(flFirst(r), "only one") {
		t.Errorf("sole leave: %q", flFirst(r))
	}
}

func TestFeedLogForget(t *testing.T) {
	env := newFLEnv(t)
	env.say("u1", "left 15")
	env.say("u1", "/baby Ann 2026-11-01")
	r := env.say("u1", "/forget")
	if len(env.entries("u1")) != 1 {
		t.Fatal("/forget deleted before confirmation")
	}
	if got := env.press("u1", flButton(t, r, "No, keep it")); !strings.Contains(flFirst(got), "nothing was deleted") {
		t.Errorf("no: %q", flFirst(got))
	}
	r = env.say("u1", "/forget")
	yes := flButton(t, r, "Yes, delete everything")
	if got := env.press("u2", yes); strings.HasPrefix(flFirst(got), "Done") {
		t.Error("another user confirmed u1's /forget")
	}
	if got := env.press("u1", yes); !strings.HasPrefix(flFirst(got), "Done: everything you logged has been deleted.") {
		t.Errorf("yes: %q", flFirst(got))
	}
	if n := len(env.entries("u1")); n != 0 {
		t.Errorf("%d entries after /forget", n)
	}
	if h, _ := env.store.Household(context.Background(), feedlog.User{Platform: "telegram", ID: "u1"}); h.ID != 0 {
		t.Errorf("household after /forget: %+v", h)
	}
}

func TestFeedLogTimeZone(t *testing.T) {
	env := newFLEnv(t)
	if r := env.say("u1", "/tz America/New_York"); !strings.Contains(flFirst(r), "America/New_York; it's 09:05 there now") {
		t.Errorf("/tz: %q", flFirst(r))
	}
	if r := env.say("u1", "left 15"); !strings.Contains(flFirst(r), "08:50–09:05") {
		t.Errorf("times not in the household's zone: %q", flFirst(r))
	}
}

func TestFeedLogNilStore(t *testing.T) {
	e, err := testBook(bookOpts{Library: flLibrary()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	m := Message{Platform: Console, ID: "1", ChatID: "c", UserID: "u", Text: "left 15"}
	if r, ok, err := e.FreeText(ctx, m); !ok || err != nil || flFirst(r) != msgNoStore {
		t.Errorf("FreeText without a store: %q %v %v", flFirst(r), ok, err)
	}
	m.Text = "how long should a feed last"
	if _, ok, _ := e.FreeText(ctx, m); ok {
		t.Error("a question was taken without a store")
	}
	if r, ok, _ := e.Command(ctx, m, "today", ""); !ok || flFirst(r) != msgNoStore {
		t.Errorf("/today without a store: %q", flFirst(r))
	}
	if got := e.Insight(ctx, m, "feeding-frequency"); got != "" {
		t.Errorf("insight without a store: %q", got)
	}
}

// flFailingStore wraps the real store and fails every entry write.
type flFailingStore struct {
	*sqlstore.Store
}

func (flFailingStore) LogEntry(ctx context.Context, u feedlog.User, req feedlog.LogRequest) (feedlog.Entry, bool, error) {
	return feedlog.Entry{}, false, errors.New("disk I/O error")
}

func TestFeedLogWriteFailureNeverSaysLogged(t *testing.T) {
	env := newFLEnv(t)
	env.wrap = func(s *sqlstore.Store) Store { return flFailingStore{s} }
	env.restart()
	for _, text := range []string{"left 15", "/feed bottle 90", "/nappy wet"} {
		r, ok, err := env.send(env.msg("u1", text))
		public, isUser := chat.PublicText(err)
		if !ok || !isUser || public != msgSaveFailed {
			t.Errorf("%q: ok %v err %v; want the couldn't-save UserError", text, ok, err)
		}
		if strings.Contains(flRender(r), "Logged") {
			t.Errorf("%q: reply says Logged: %q", text, flRender(r))
		}
	}
}

func TestFeedLogInsight(t *testing.T) {
	env := newFLEnv(t)
	ctx := context.Background()
	m := env.msg("u1", "how often should a newborn feed")
	if got := env.e.Insight(ctx, m, "feeding-frequency"); got != "" {
		t.Errorf("insight with no log: %q", got)
	}
	env.say("u1", "/baby Ann 2026-11-01")
	for _, text := range []string{"left 15 at 2am", "right 10 at 5am", "both 20 at 8am", "bottle 90ml at 11am", "left 15 at 1pm", "right 15", "wet nappy at 6am", "dirty nappy at 9am", "wet nappy"} {
		env.say("u1", text)
	}
	tests := []struct{ topic, want string }{
		{"feeding-frequency", "You logged 6 feeds in the last 24 hours; newborns usually feed 8 to 12 times in 24 hours."},
		{"enough-milk", "In the last 24 hours you logged 6 feeds and 2 wet and 1 dirty nappies; around day 5 babies usually have at least 5 wet and 2 dirty nappies a day."},
		{"baby-poop", "You logged 1 dirty nappy in the last 24 hours, the last at 09:00; around day 5 babies usually have at least 2 a day."},
		{"cluster-feeding", "You logged 6 feeds in the last 24 hours, starting between 50 min and 3 h apart."},
		{"latch", ""},
	}
	for _, tt := range tests {
		if got := env.e.Insight(ctx, env.msg("u1", "q"), tt.topic); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.topic, got, tt.want)
		}
	}
	// Another household's log never shows.
	if got := env.e.Insight(ctx, env.msg("u2", "q"), "feeding-frequency"); got != "" {
		t.Errorf("u2 got u1's insight: %q", got)
	}
}

func TestFeedLogCommandsList(t *testing.T) {
	want := []string{"log", "feed", "bottle", "nappy", "pump", "timer", "stop", "last", "today", "day", "week", "export", "undo", "history", "edit", "units", "baby", "share", "join", "leave", "tz", "forget"}
	var got []string
	for _, c := range Commands() {
		got = append(got, c.Name)
		if !c.Log || c.Description == "" || len(c.Description) >= 100 {
			t.Errorf("%s: %+v", c.Name, c)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("commands (-want +got):\n%s", diff)
	}
}

// TestFeedLogLockedDatabase: another process holds the database's write
// lock (a stuck backup, a second instance). The write times out and the
// parent is told to try again; nothing claims to be logged.
func TestFeedLogLockedDatabase(t *testing.T) {
	env := newFLEnv(t)
	ctx := context.Background()
	env.store.Close()
	s, err := sqlstore.Open(ctx, env.path, sqlstore.Options{Now: env.clk.Now, BusyTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e, err := testBook(bookOpts{Library: flLibrary(), Store: s, FeedLog: Options{TimeZone: "Europe/London"}, Now: env.clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite", env.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	r, ok, err := e.FreeText(ctx, env.msg("u1", "left 15"))
	if public, isUser := chat.PublicText(err); !ok || !isUser || public != msgSaveFailed || strings.Contains(flRender(r), "Logged") {
		t.Errorf("locked: ok %v err %v reply %q; want the couldn't-save UserError", ok, err, flRender(r))
	}
	conn.ExecContext(ctx, "ROLLBACK")
	r, _, err = e.FreeText(ctx, env.msg("u1", "left 15"))
	if err != nil || !strings.HasPrefix(flFirst(r), "Logged") {
		t.Errorf("after the lock: %q %v", flFirst(r), err)
	}
}

func TestFeedLogDayStartHour(t *testing.T) {
	env := newFLEnv(t, func(o *bookOpts) { o.FeedLog.DayStartHour = 6 })
	loc := env.loc
	for _, s := range []struct {
		d, h int
		text string
	}{{4, 22, "left 10"}, {5, 3, "right 10"}, {5, 7, "left 10"}} {
		env.clk.Set(time.Date(2026, 11, s.d, s.h, 0, 0, 0, loc))
		env.say("u1", s.text)
	}
	// At 05:00 on the 5th the log day is still the 4th: the night is whole.
	env.clk.Set(time.Date(2026, 11, 5, 5, 0, 0, 0, loc))
	got := flRender(env.say("u1", "/today"))
	if !strings.Contains(got, "# Today, Wed 4 Nov (from 06:00)") || !strings.Contains(got, "Feeds: 2") {
		t.Errorf("night /today:\n%s", got)
	}
	env.clk.Set(time.Date(2026, 11, 5, 9, 0, 0, 0, loc))
	got = flRender(env.say("u1", "/today"))
	if !strings.Contains(got, "# Today, Thu 5 Nov (from 06:00)") || !strings.Contains(got, "Feeds: 1") {
		t.Errorf("morning /today:\n%s", got)
	}
	if got := flRender(env.say("u1", "/day 2026-11-04")); !strings.Contains(got, "Feeds: 2") {
		t.Errorf("/day:\n%s", got)
	}
}

// TestFeedLogSharingAsksAndKeepsOwnership: someone with entries is asked
// before /join merges them; /leave takes them back out; /forget says what
// stays for the others.
func TestFeedLogSharingAsksAndKeepsOwnership(t *testing.T) {
	env := newFLEnv(t)
	env.say("mum", "left 15")
	env.say("dad", "bottle 60ml")
	env.say("dad", "wet nappy")
	r := env.say("mum", "/share")
	code := ""
	for _, w := range strings.Fields(flFirst(r)) {
		if len(w) == 9 && w[4] == '-' {
			code = w
		}
	}
	if code == "" {
		t.Fatalf("no code in %q", flFirst(r))
	}
	q := env.say("dad", "/join "+code)
	if !strings.Contains(flFirst(q), "You have logged 2 entries yourself") {
		t.Fatalf("join with entries did not ask first: %q", flFirst(q))
	}
	if n := len(env.entries("mum")); n != 1 {
		t.Fatalf("mum sees %d entries before dad answered, want 1", n)
	}
	if got := env.press("dad", flButton(t, q, "Don't join")); !strings.Contains(flFirst(got), "haven't joined") {
		t.Errorf("don't join: %q", flFirst(got))
	}
	if n := len(env.entries("mum")); n != 1 {
		t.Errorf("mum sees %d entries after dad declined, want 1", n)
	}
	q = env.say("dad", "/join "+code)
	if got := env.press("dad", flButton(t, q, "Join and bring them")); !strings.Contains(flFirst(got), "joined the shared log (2 members)") {
		t.Fatalf("join: %q", flFirst(got))
	}
	if n := len(env.entries("mum")); n != 3 {
		t.Errorf("mum sees %d entries after the join, want 3", n)
	}
	if got := env.say("dad", "/leave"); !strings.Contains(flFirst(got), "took the 2 entries you logged with you") {
		t.Errorf("leave: %q", flFirst(got))
	}
	if n, m := len(env.entries("dad")), len(env.entries("mum")); n != 2 || m != 1 {
		t.Errorf("after leave dad sees %d and mum %d, want 2 and 1", n, m)
	}

	// Shared again, mum forgets: dad's entries stay, and she is told.
	r = env.say("mum", "/share")
	for _, w := range strings.Fields(flFirst(r)) {
		if len(w) == 9 && w[4] == '-' {
			code = w
		}
	}
	q = env.say("dad", "/join "+code)
	env.press("dad", flButton(t, q, "Join and bring them"))
	f := env.say("mum", "/forget")
	if !strings.Contains(flFirst(f), "Entries other people logged stay theirs") {
		t.Errorf("forget question: %q", flFirst(f))
	}
	if got := env.press("mum", flButton(t, f, "Yes, delete everything")); !strings.Contains(flFirst(got), "The 2 entries others logged stay with them.") {
		t.Errorf("forget: %q", flFirst(got))
	}
	if n := len(env.entries("dad")); n != 2 {
		t.Errorf("dad sees %d entries after mum's /forget, want 2", n)
	}
}
