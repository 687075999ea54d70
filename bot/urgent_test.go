package bot

import (
	"context"
	"strings"
	"testing"

	"nursling/bot/redflag"
	"nursling/knowledge"
)

// fakeModel is a stand-in for the semantic second signal.
type fakeModel map[string][3]string

func (f fakeModel) Judge(text string) (tier, topic, reason string, ok bool) {
	v, ok := f[text]
	return v[0], v[1], v[2], ok
}

func urgentTitles(r Reply) []string {
	var out []string
	for _, b := range r.Blocks {
		if b.Kind == Urgent {
			out = append(out, b.Title)
		}
	}
	return out
}

func hasFeedback(r Reply) bool {
	for _, b := range r.Buttons {
		if strings.HasPrefix(b.Data, "fb:") {
			return true
		}
	}
	return false
}

func TestUrgentReplies(t *testing.T) {
	calm := &fakeSearcher{res: knowledge.SearchResult{Hits: []knowledge.Hit{hit("mastitis", 2)}}}
	tests := []struct {
		name, country, text string
		wantTitles          []string
		wantText            []string
	}{
		{"every flag shows, most urgent first", "GB", "my 2 week old has a 38.5 fever and I have mastitis with red streaks",
			[]string{"Get care now", "Contact your midwife, health visitor or doctor today"}, []string{"999", "fever in a baby under 3 months", "NHS 111"}},
		{"a crisis line leads for mental health (US)", "US", "been thinking i'd be better off not waking up",
			[]string{"Please talk to someone now"}, []string{"988", "911"}},
		{"a crisis line leads for mental health (GB)", "GB", "i just want to die",
			[]string{"Please talk to someone now"}, []string{"116 123", "999"}},
		{"international fallback", "", "i just want to die",
			[]string{"Please talk to someone now"}, []string{"findahelpline.com"}},
		{"the parent's emergency with no article still says what to do", "AU", "soaking through a pad every hour since the birth",
			[]string{"Get care now"}, []string{"000", "lie down"}},
		{"a log-like message leads with care", "GB", "fed left 5 min, she was floppy and won't wake",
			[]string{"Get care now", "Contact your midwife, health visitor or doctor today"}, []string{"floppy", "haven't logged anything"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := New(Options{Library: mustLibrary(t), Searcher: calm, Country: tt.country, Store: &recordingStore{}})
			if err != nil {
				t.Fatal(err)
			}
			r, a, err := e.Inspect(context.Background(), ask(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if r.Blocks[0].Kind != Urgent || !r.Urgent {
				t.Fatalf("reply does not lead with care: %v", kinds(r))
			}
			if got := urgentTitles(r); strings.Join(got, "|") != strings.Join(tt.wantTitles, "|") {
				t.Errorf("urgent blocks %q, want %q", got, tt.wantTitles)
			}
			if len(a.Flags) != len(tt.wantTitles) {
				t.Errorf("assessment has %d flags, want %d: %+v", len(a.Flags), len(tt.wantTitles), a.Flags)
			}
			text := allText(r)
			for _, w := range tt.wantText {
				if !strings.Contains(text, w) {
					t.Errorf("reply lacks %q:\n%s", w, text)
				}
			}
			if hasFeedback(r) {
				t.Errorf("an urgent reply offers Helpful / Not helpful: %+v", r.Buttons)
			}
		})
	}
}

func TestRedFlagBeforeLogAndCommands(t *testing.T) {
	e, err := New(Options{Library: mustLibrary(t), Searcher: &fakeSearcher{res: knowledge.SearchResult{NoMatch: true}}, Store: &recordingStore{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"fed left 5 min, she was floppy and won't wake",
		"/feed left 5 she is floppy and won't wake",
		"/ask i want to kill myself",
	} {
		r, err := e.Handle(context.Background(), ask(text))
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if len(r.Blocks) == 0 || r.Blocks[0].Kind != Urgent {
			t.Errorf("%q: reply kinds %v, want the urgent block first", text, kinds(r))
		}
	}
}

func TestRedFlagModelIsInjected(t *testing.T) {
	model := fakeModel{"everything feels grey and heavy lately": {"today", redflag.TopicUrgentMentalHealth, "low mood"}}
	calm := &fakeSearcher{res: knowledge.SearchResult{NoMatch: true}}
	with, err := New(Options{Library: mustLibrary(t), Searcher: calm, RedFlagModel: model})
	if err != nil {
		t.Fatal(err)
	}
	without := newTestEngine(t, calm)
	msg := ask("everything feels grey and heavy lately")
	if _, a, _ := without.Inspect(context.Background(), msg); len(a.Flags) != 0 {
		t.Fatalf("rules alone flagged %+v; pick a message they miss", a.Flags)
	}
	_, a, err := with.Inspect(context.Background(), msg)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Flags) != 1 || a.Flags[0].Tier != redflag.CareToday || a.Flags[0].Reason != "low mood" {
		t.Errorf("with the model: flags %+v, want the model's today flag", a.Flags)
	}
}

// TestModelDoesNotJudgePlainLogs: a plain log entry carries no
// description for the model to weigh ("wet nappy" is not a worry about
// nappies); the rules still judge every message.
func TestModelDoesNotJudgePlainLogs(t *testing.T) {
	worry := [3]string{"today", redflag.TopicUrgentBabyFeeding, "a baby who may be dehydrated"}
	model := fakeModel{"wet nappy 3 min ago": worry, "fed left 15 min": worry, "is one wet nappy a day enough": worry}
	e, err := New(Options{Library: mustLibrary(t), Searcher: &fakeSearcher{res: knowledge.SearchResult{NoMatch: true}}, RedFlagModel: model})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text    string
		flagged bool
	}{
		{"wet nappy 3 min ago", false},
		{"fed left 15 min", false},
		{"is one wet nappy a day enough", true},
		{"fed left 5 min, she was floppy and won't wake", true},
	}
	for _, tt := range tests {
		_, a, err := e.Inspect(context.Background(), ask(tt.text))
		if err != nil {
			t.Fatalf("%q: %v", tt.text, err)
		}
		if got := len(a.Flags) > 0; got != tt.flagged {
			t.Errorf("%q: flags %+v, want flagged=%v", tt.text, a.Flags, tt.flagged)
		}
	}
}

func TestCalmReplyKeepsFeedback(t *testing.T) {
	e := newTestEngine(t, &fakeSearcher{res: knowledge.SearchResult{Hits: []knowledge.Hit{hit("latch", 2)}}})
	r, err := e.Handle(context.Background(), ask("how do I get a deep latch"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Urgent || !hasFeedback(r) {
		t.Errorf("a calm reply: urgent %v, feedback %v", r.Urgent, hasFeedback(r))
	}
}

func TestUnknownCountry(t *testing.T) {
	if _, err := New(Options{Library: mustLibrary(t), Searcher: &fakeSearcher{}, Country: "XX"}); err == nil {
		t.Error("New accepted country XX")
	}
}
