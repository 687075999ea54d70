package bot

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"nursling/bot/redflag"
	"nursling/knowledge"
)

// fakeSearcher returns a scripted result for every question.
type fakeSearcher struct {
	res   knowledge.SearchResult
	err   error
	panic bool
}

func (f *fakeSearcher) Search(ctx context.Context, q string) (knowledge.SearchResult, error) {
	if f.panic {
		panic("boom")
	}
	return f.res, f.err
}

// recordingStore records analytics calls; it has no feed-log methods, so
// it stands in only where the engine needs a Store value.
type recordingStore struct {
	Store     // nil: only the analytics methods below are implemented
	mu        sync.Mutex
	answers   []string
	feedbacks []string
}

func (s *recordingStore) RecordAnswer(ctx context.Context, topic string, noMatch bool, question string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers = append(s.answers, topic+"|"+question)
	return nil
}

func (s *recordingStore) RecordFeedback(ctx context.Context, topic string, helpful bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := "down"
	if helpful {
		v = "up"
	}
	s.feedbacks = append(s.feedbacks, topic+":"+v)
	return nil
}

// detectFunc adapts a function to the engine's red-flag detector.
type detectFunc func(string) redflag.Flag

func (f detectFunc) DetectAll(s string) []redflag.Flag {
	if fl := f(s); fl.Tier != redflag.NoFlag {
		return []redflag.Flag{fl}
	}
	return nil
}

func (f detectFunc) DetectPlainLog(s string) []redflag.Flag { return f.DetectAll(s) }

func mustLibrary(tb testing.TB) *knowledge.Library {
	tb.Helper()
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		tb.Fatalf("load guide: %v", err)
	}
	return lib
}

func newTestEngine(tb testing.TB, s Searcher) *Engine {
	tb.Helper()
	e, err := New(Options{Library: mustLibrary(tb), Searcher: s})
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return e
}

func hit(topic string, score float64) knowledge.Hit { return knowledge.Hit{Topic: topic, Score: score} }

func kinds(r Reply) []BlockKind {
	var ks []BlockKind
	for _, b := range r.Blocks {
		ks = append(ks, b.Kind)
	}
	return ks
}

func allText(r Reply) string {
	var b strings.Builder
	for _, bl := range r.Blocks {
		b.WriteString(bl.Title + " " + bl.Text + " " + strings.Join(bl.Items, " ") + "\n")
	}
	return b.String()
}

func ask(text string) Message {
	return Message{Platform: Console, ChatID: "c", UserID: "u", Text: text, Addressed: true}
}

func TestAnswerShape(t *testing.T) {
	e := newTestEngine(t, &fakeSearcher{res: knowledge.SearchResult{Hits: []knowledge.Hit{hit("latch", 2), hit("sore-nipples", 1.5)}}})
	r, err := e.Handle(context.Background(), ask("how do I get a deep latch"))
	if err != nil {
		t.Fatalf("Handle: %v", err)
	}
	// Title, summary, tips, when to get help (safety on the first page),
	// also-see, sources, footnote.
	want := []BlockKind{Title, Text, List, Text, List, Sources, Footnote}
	if diff := cmp.Diff(want, kinds(r)); diff != "" {
		t.Errorf("block kinds (-want +got):\n%s", diff)
	}
	if r.Urgent || r.Topic != "latch" {
		t.Errorf("urgent=%v topic=%q", r.Urgent, r.Topic)
	}
	if n := len(r.Blocks[2].Items); n != tipsPerPage {
		t.Errorf("%d tips on the first page, want %d", n, tipsPerPage)
	}
	if r.Blocks[3].Title != "When to get help" {
		t.Errorf("block 3 is %q, want When to get help on the first page", r.Blocks[3].Title)
	}
	if also := strings.Join(r.Blocks[4].Items, " "); !strings.Contains(also, "/guide sore-nipples") {
		t.Errorf("a close second hit should be offered first in also-see, got %q", also)
	}
	if !strings.Contains(r.Blocks[len(r.Blocks)-1].Text, "lactation consultant") {
		t.Error("reply must close with the consult-a-professional line")
	}
	if diff := cmp.Diff([]string{"more:latch:4", "fb:latch:1", "fb:latch:0"}, buttonData(r)); diff != "" {
		t.Errorf("buttons (-want +got):\n%s", diff)
	}
}

func buttonData(r Reply) []string {
	var d []string
	for _, b := range r.Buttons {
		d = append(d, b.Data)
	}
	return d
}

func TestRedFlagComesFirst(t *testing.T) {
	tests := []struct {
		name     string
		searcher *fakeSearcher
	}{
		{"search finds a calm article", &fakeSearcher{res: knowledge.SearchResult{Hits: []knowledge.Hit{hit("feeding-frequency", 3)}}}},
		{"search finds nothing", &fakeSearcher{res: knowledge.SearchResult{NoMatch: true}}},
		{"search fails", &fakeSearcher{err: errors.New("index down")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEngine(t, tt.searcher)
			e.redFlags = detectFunc(func(string) redflag.Flag {
				return redflag.Flag{Tier: redflag.CareNow, Topic: "urgent-baby-illness", Reason: "a fever in a baby under 3 months"}
			})
			r, err := e.Handle(context.Background(), ask("my 3 week old has a temperature of 38.5"))
			if err != nil {
				t.Fatalf("a red flag must be answered even when search fails: %v", err)
			}
			if !r.Urgent || len(r.Blocks) == 0 || r.Blocks[0].Kind != Urgent {
				t.Fatalf("reply must lead with the urgent block, got kinds %v", kinds(r))
			}
			if !strings.Contains(r.Blocks[0].Text, "999") || !strings.Contains(r.Blocks[0].Text, "fever in a baby") {
				t.Errorf("urgent block text = %q", r.Blocks[0].Text)
			}
		})
	}
}

func TestNoMatch(t *testing.T) {
	e := newTestEngine(t, &fakeSearcher{res: knowledge.SearchResult{NoMatch: true, Hits: []knowledge.Hit{{Topic: "vitamin-d", Title: "Vitamin D"}}}})
	r, err := e.Handle(context.Background(), ask("best stroller"))
	if err != nil {
		t.Fatal(err)
	}
	text := allText(r)
	if !strings.Contains(text, "doesn't cover that") || !strings.Contains(text, "/topics") {
		t.Errorf("no-match reply = %q", text)
	}
	if r.Blocks[len(r.Blocks)-1].Kind != Footnote {
		t.Error("no-match reply must close with the consult-a-professional line")
	}
	if r.Topic != "" || r.Urgent {
		t.Errorf("no-match reply has topic %q urgent %v", r.Topic, r.Urgent)
	}
}

func TestErrorBoundary(t *testing.T) {
	tests := []struct {
		name string
		s    *fakeSearcher
	}{
		{"error", &fakeSearcher{err: errors.New("secret internal detail")}},
		{"panic", &fakeSearcher{panic: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEngine(t, tt.s)
			r, err := e.Handle(context.Background(), ask("sore nipples"))
			if err == nil {
				t.Fatal("the error should be returned for the adapter to count")
			}
			text := allText(r)
			if !strings.Contains(text, "Sorry, something went wrong") || !strings.Contains(text, "(ref ") {
				t.Errorf("reply = %q", text)
			}
			if strings.Contains(text, "secret internal detail") || strings.Contains(text, "boom") {
				t.Error("internal error text reached the chat")
			}
		})
	}
	e := newTestEngine(t, &fakeSearcher{err: Userf("Please say that in fewer words.")})
	r, _ := e.Handle(context.Background(), ask("x"))
	if got := allText(r); !strings.Contains(got, "Please say that in fewer words.") {
		t.Errorf("a UserError shows its public text, got %q", got)
	}
}

func TestCommands(t *testing.T) {
	e := newTestEngine(t, &fakeSearcher{res: knowledge.SearchResult{Hits: []knowledge.Hit{hit("latch", 1)}}})
	tests := []struct {
		text string
		want string // text that must appear
	}{
		{"/start", "Hi, I'm Nursling"},
		{"/help", "/topics"},
		{"/HELP@NurslingBot", "Hi, I'm Nursling"},
		{"/ask", "What would you like to ask?"},
		{"/ask how do I latch", "latch"},
		{"/topics", "Browse the guide"},
		{"/topics technique", "/guide latch"},
		{"/guide latch", "Getting a deep"},
		{"/guide mastitis", "astitis"},
		{"/about", "Privacy"},
		{"/frobnicate", "I don't know the command /frobnicate."},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r, err := e.Handle(context.Background(), ask(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if got := allText(r); !strings.Contains(got, tt.want) {
				t.Errorf("reply to %q lacks %q:\n%s", tt.text, tt.want, got)
			}
		})
	}
}

func TestGroupSilence(t *testing.T) {
	e := newTestEngine(t, &fakeSearcher{res: knowledge.SearchResult{Hits: []knowledge.Hit{hit("latch", 1)}}})
	m := ask("anyone know a good latch trick")
	m.Group, m.Addressed = true, false
	r, err := e.Handle(context.Background(), m)
	if err != nil || !r.Empty() {
		t.Errorf("unaddressed group message: reply %v err %v, want silence", r, err)
	}
	m.Addressed = true
	if r, _ := e.Handle(context.Background(), m); r.Empty() {
		t.Error("addressed group message got no reply")
	}
}

func TestButtons(t *testing.T) {
	store := &recordingStore{}
	e, err := New(Options{Library: mustLibrary(t), Searcher: &fakeSearcher{}, Store: store})
	if err != nil {
		t.Fatal(err)
	}
	press := func(data string) Reply {
		t.Helper()
		r, err := e.Handle(context.Background(), Message{Platform: Telegram, ChatID: "c", UserID: "u", Action: data})
		if err != nil {
			t.Fatalf("action %q: %v", data, err)
		}
		return r
	}
	more := press("more:latch:4")
	if more.Blocks[0].Kind != Title || !strings.Contains(allText(more), "When to get help") {
		t.Errorf("the last page of tips should end with when to get help:\n%s", allText(more))
	}
	if got := press("fb:latch:1"); !strings.Contains(allText(got), "Thank you") {
		t.Errorf("feedback reply = %q", allText(got))
	}
	press("fb:latch:0")
	if diff := cmp.Diff([]string{"latch:up", "latch:down"}, store.feedbacks); diff != "" {
		t.Errorf("feedback recorded (-want +got):\n%s", diff)
	}
	for _, stale := range []string{"more:nope:1", "fb:latch:7", "zz:1", "more:latch:x"} {
		if got := allText(press(stale)); !strings.Contains(got, "expired") {
			t.Errorf("stale button %q: %q", stale, got)
		}
	}
	if got := allText(press("sec:technique")); !strings.Contains(got, "/guide latch") {
		t.Errorf("section button: %q", got)
	}
}

func TestAnalyticsKeepsNoTextByDefault(t *testing.T) {
	for _, keep := range []bool{false, true} {
		store := &recordingStore{}
		e, err := New(Options{Library: mustLibrary(t), Searcher: &fakeSearcher{res: knowledge.SearchResult{NoMatch: true}}, Store: store, KeepUnanswered: keep})
		if err != nil {
			t.Fatal(err)
		}
		e.Handle(context.Background(), ask("car seats"))
		want := "|"
		if keep {
			want = "|car seats"
		}
		if diff := cmp.Diff([]string{want}, store.answers); diff != "" {
			t.Errorf("keep=%v recorded (-want +got):\n%s", keep, diff)
		}
	}
}

func TestConcurrentHandle(t *testing.T) {
	e := newTestEngine(t, &fakeSearcher{res: knowledge.SearchResult{Hits: []knowledge.Hit{hit("latch", 1)}}})
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				if r, err := e.Handle(context.Background(), ask("latch help")); err != nil || r.Empty() {
					t.Errorf("concurrent Handle: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestCleanText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"collapse whitespace", "  sore \n\t nipples  ", "sore nipples"},
		{"control characters", "sore\x00\x07 nipples", "sore nipples"},
		{"zero-width and bidi marks", "so\u200bre \u202enipples\u200d", "sore nipples"},
		{"invalid utf-8", "sore \xff nipples", "sore nipples"},
		{"emoji kept", "sore 😭", "sore 😭"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(tt.in); got != tt.want {
				t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if got := len([]rune(cleanText(strings.Repeat("a", 100_000)))); got != maxTextRunes {
		t.Errorf("long text kept %d runes, want %d", got, maxTextRunes)
	}
}

func TestSplitCommand(t *testing.T) {
	tests := []struct {
		in        string
		cmd, args string
		ok        bool
	}{
		{"/ask how often", "ask", "how often", true},
		{"/Ask@NurslingBot  how often ", "ask", "how often", true},
		{"/today", "today", "", true},
		{"/", "", "", false},
		{"/ not a command", "", "", false},
		{"fed left 15", "", "", false},
		{"/<script>", "", "", false},
	}
	for _, tt := range tests {
		cmd, args, ok := splitCommand(tt.in)
		if cmd != tt.cmd || args != tt.args || ok != tt.ok {
			t.Errorf("splitCommand(%q) = %q, %q, %v; want %q, %q, %v", tt.in, cmd, args, ok, tt.cmd, tt.args, tt.ok)
		}
	}
}

// TestLogsHoldNoPersonalData: a parent's words, names and ids never reach
// the log, even when an error echoes them back to the parent.
func TestLogsHoldNoPersonalData(t *testing.T) {
	var logs strings.Builder
	lib := mustLibrary(t)
	for _, s := range []*fakeSearcher{
		{res: knowledge.SearchResult{Hits: []knowledge.Hit{hit("latch", 1)}}},
		{err: Userf("I don't know a baby called %q here.", "Rosalind")},
		{err: UserWrap("Please try again.", errors.New("database is locked"))},
		{err: errors.New("index exploded")},
	} {
		e, err := New(Options{Library: lib, Searcher: s, Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
		if err != nil {
			t.Fatal(err)
		}
		e.Handle(context.Background(), Message{Platform: Telegram, ChatID: "-100123", UserID: "987654321", Text: "my daughter Rosalind won't latch"})
	}
	out := logs.String()
	for _, private := range []string{"Rosalind", "987654321", "won't latch"} {
		if strings.Contains(out, private) {
			t.Errorf("log contains %q:\n%s", private, out)
		}
	}
	for _, want := range []string{"question answered", "database is locked", "index exploded", "ref="} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

// TestCrisisIsNotFollowedByUnrelatedTips: after a get-care block, only a
// calm article on the same subject is shown; a stray search hit is not.
func TestCrisisIsNotFollowedByUnrelatedTips(t *testing.T) {
	tests := []struct {
		name, flagTopic, hit string
		wantCalm             bool
	}{
		{"unrelated hit after a crisis", "urgent-parent-mental-health", "nursing-strike", false},
		{"related hit after a crisis", "urgent-parent-mental-health", "postpartum-mood", true},
		{"mastitis after a breast red flag", "urgent-parent-breast", "mastitis", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEngine(t, &fakeSearcher{res: knowledge.SearchResult{Hits: []knowledge.Hit{hit(tt.hit, 1)}}})
			e.redFlags = detectFunc(func(string) redflag.Flag {
				return redflag.Flag{Tier: redflag.CareNow, Topic: tt.flagTopic, Reason: "x"}
			})
			r, err := e.Handle(context.Background(), ask("anything"))
			if err != nil {
				t.Fatal(err)
			}
			calm := e.lib.Article(tt.hit)
			shown := false
			for _, b := range r.Blocks {
				if b.Kind == Title && b.Text == calm.Title {
					shown = true
				}
			}
			if shown != tt.wantCalm {
				t.Errorf("calm article %s shown = %v, want %v:\n%s", tt.hit, shown, tt.wantCalm, allText(r))
			}
			if r.Blocks[0].Kind != Urgent {
				t.Error("the get-care block must lead")
			}
		})
	}
}
