package bot

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"nursling/knowledge"
)

// questionSearcher records the questions it is asked and answers each
// with the latch article.
type questionSearcher struct {
	mu sync.Mutex
	qs []string
}

func (s *questionSearcher) Search(ctx context.Context, q string) (knowledge.SearchResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.qs = append(s.qs, q)
	return knowledge.SearchResult{Hits: []knowledge.Hit{hit("sleep-and-night-feeds", 2)}}, nil
}

func TestSmallTalk(t *testing.T) {
	s := &questionSearcher{}
	e := newTestEngine(t, s)
	tests := []struct {
		text string
		want string // a word of the reply; "" when it is a question
	}{
		{"hi", "Hello"},
		{"Hello there!", "Hello"},
		{"thanks!", "welcome"},
		{"thank you so much, that helped", "welcome"},
		{"ok", "Okay"},
		{"got it", "Okay"},
		{"good night", "Take care"},
		{"hi, my nipples are cracked and bleeding", ""},
		{"how often should a newborn feed", ""},
	}
	for _, tt := range tests {
		r, err := e.Handle(context.Background(), ask(tt.text))
		if err != nil {
			t.Fatalf("Handle(%q): %v", tt.text, err)
		}
		got := allText(r)
		if tt.want == "" {
			if strings.Contains(got, "welcome") || strings.Contains(got, "Okay.") || r.Topic == "" {
				t.Errorf("%q was not answered as a question: %s", tt.text, got)
			}
			continue
		}
		if !strings.Contains(got, tt.want) || strings.Contains(got, "doesn't cover") {
			t.Errorf("%q got %q, want a reply with %q", tt.text, got, tt.want)
		}
	}
	for _, q := range s.qs {
		if q == "hi" || q == "thanks!" || q == "ok" {
			t.Errorf("small talk %q reached the search", q)
		}
	}
}

func TestSmallTalkNeverHidesARedFlag(t *testing.T) {
	e := newTestEngine(t, &questionSearcher{})
	r, err := e.Handle(context.Background(), ask("thanks, she's floppy and won't wake"))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Urgent {
		t.Errorf("a red flag after thanks was not urgent: %s", allText(r))
	}
}

func TestSmallTalkInGroupsNeedsAddressing(t *testing.T) {
	e := newTestEngine(t, &questionSearcher{})
	m := ask("thanks!")
	m.Group, m.Addressed = true, false
	r, err := e.Handle(context.Background(), m)
	if err != nil || len(r.Blocks) != 0 {
		t.Errorf("unaddressed group small talk got %v, %v", r, err)
	}
}

func TestAskWithALogEntry(t *testing.T) {
	s := &questionSearcher{}
	e := newTestEngine(t, s)
	r, err := e.Handle(context.Background(), ask("/ask left 15 min"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(allText(r), "feed log entry") || len(s.qs) != 0 {
		t.Errorf("/ask with a log entry: %s (searched %q)", allText(r), s.qs)
	}
}

func TestFollowUp(t *testing.T) {
	now := time.Date(2026, 12, 4, 3, 0, 0, 0, time.UTC)
	s := &questionSearcher{}
	e, err := New(Options{Library: mustLibrary(t), Searcher: s, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		text    string
		advance time.Duration
		user    string
		want    string
	}{
		{"how long can a newborn go between feeds", 0, "u", "how long can a newborn go between feeds"},
		{"what about at night?", time.Minute, "u", "how long can a newborn go between feeds what about at night?"},
		{"and if she's 4 months?", time.Minute, "other", "and if she's 4 months?"},
		{"and if she's 4 months?", 10 * time.Minute, "u", "and if she's 4 months?"},
		{"is dummy use ok", 0, "u", "is dummy use ok"},
		{"and if she's 4 months?", time.Minute, "u", "is dummy use ok and if she's 4 months?"},
		{"where do i find a lactation consultant near me", time.Minute, "u", "where do i find a lactation consultant near me"},
	}
	for i, st := range steps {
		now = now.Add(st.advance)
		m := ask(st.text)
		m.UserID = st.user
		if _, err := e.Handle(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		if got := s.qs[len(s.qs)-1]; got != st.want {
			t.Errorf("step %d: searched %q, want %q", i, got, st.want)
		}
	}
}

func TestParseConversation(t *testing.T) {
	tests := []struct {
		name, yaml, wantErr string
	}{
		{"built in", string(conversationYAML), ""},
		{"no reply", "small_talk: [{kind: x, words: [a]}]\nfollow_up_words: 3\nfollow_up_minutes: 1\n", "needs words and a reply"},
		{"no window", "small_talk: []\nfollow_up_words: 3\n", "must be positive"},
		{"not yaml", "small_talk: {", "bot: conversation:"},
	}
	for _, tt := range tests {
		_, err := parseConversation([]byte(tt.yaml), nil)
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
		}
	}
}
