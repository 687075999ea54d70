package redflag

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// redFlagCase is one row of testdata/cases/*.yaml.
type redFlagCase struct {
	Text  string `yaml:"text"`
	Tier  string `yaml:"tier"`
	Topic string `yaml:"topic"`
	file  string
	line  int
}

func loadRedFlagCases(tb testing.TB) []redFlagCase {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "cases", "*.yaml"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no red-flag case files: %v", err)
	}
	var all []redFlagCase
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.SequenceNode {
			tb.Fatalf("%s: want a list of cases", f)
		}
		for _, n := range doc.Content[0].Content {
			var c redFlagCase
			if err := n.Decode(&c); err != nil {
				tb.Fatalf("%s:%d: %v", f, n.Line, err)
			}
			c.file, c.line = filepath.Base(f), n.Line
			switch {
			case c.Text == "":
				tb.Fatalf("%s:%d: empty text", f, n.Line)
			case c.Tier != "none" && c.Tier != "today" && c.Tier != "now":
				tb.Fatalf("%s:%d: tier %q, want none, today or now", f, n.Line, c.Tier)
			case (c.Tier == "none") != (c.Topic == ""):
				tb.Fatalf("%s:%d: a topic is needed exactly when the tier is not none", f, n.Line)
			}
			all = append(all, c)
		}
	}
	return all
}

// TestRedFlagCases runs the whole case table, reports every miss, and logs
// precision and recall (a case is positive when its tier is not none).
func TestRedFlagCases(t *testing.T) {
	d := New()
	cases := loadRedFlagCases(t)
	var urgent, fine int
	for _, c := range cases {
		if c.Tier == "none" {
			fine++
		} else {
			urgent++
		}
	}
	if urgent < 40 || fine < 40 {
		t.Fatalf("case table has %d urgent and %d alarming-but-fine cases; want at least 40 of each", urgent, fine)
	}
	var tp, fp, fn, tierOK, topicOK int
	for _, c := range cases {
		got := d.Detect(c.Text)
		want := c.Tier != "none"
		flagged := got.Tier != NoFlag
		switch {
		case want && flagged:
			tp++
		case !want && flagged:
			fp++
		case want && !flagged:
			fn++
		}
		if got.Tier.String() == c.Tier {
			tierOK++
		}
		if got.Topic == c.Topic {
			topicOK++
		}
		if got.Tier.String() != c.Tier || got.Topic != c.Topic {
			t.Errorf("%s:%d %q\n\tgot  %s %s (%s)\n\twant %s %s", c.file, c.line, c.Text,
				got.Tier, got.Topic, got.Reason, c.Tier, c.Topic)
		}
		if flagged && got.Reason == "" {
			t.Errorf("%s:%d %q: flagged with an empty reason", c.file, c.line, c.Text)
		}
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("%d cases (%d urgent, %d fine): precision %.3f, recall %.3f, false alarms %d/%d, tier exact %d/%d, topic exact %d/%d",
		len(cases), urgent, fine, precision, recall, fp, fine, tierOK, len(cases), topicOK, len(cases))
}

func TestRedFlagTopicsAndTiers(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Flag
	}{
		{"empty", "", Flag{}},
		{"only punctuation", "?!... ,,", Flag{}},
		{"fever under 3 months", "my 6 week old has a temp of 38.4",
			Flag{Tier: CareNow, Topic: TopicUrgentBabyIllness, Reason: "a fever in a baby under 3 months"}},
		{"fahrenheit", "2 month old, 100.8F",
			Flag{Tier: CareNow, Topic: TopicUrgentBabyIllness, Reason: "a fever in a baby under 3 months"}},
		{"reading below fever", "my 6 week old has a temp of 37.4", Flag{}},
		{"fever in the parent", "I have a fever of 39, baby is 2 weeks", Flag{}},
		{"mental health outranks the baby", "baby has a fever and I want to die",
			Flag{Tier: CareNow, Topic: TopicUrgentMentalHealth, Reason: "thoughts of suicide or self-harm"}},
		{"now outranks today", "only 2 wet nappies and now her lips are blue",
			Flag{Tier: CareNow, Topic: TopicUrgentBabyIllness, Reason: "blue, grey or mottled lips or skin"}},
		{"negation does not cross but", "no fever but she's really floppy",
			Flag{Tier: CareNow, Topic: TopicUrgentBabyIllness, Reason: "a floppy baby"}},
		{"negation does not cross and with a new subject", "not feeding well and now she is floppy",
			Flag{Tier: CareNow, Topic: TopicUrgentBabyIllness, Reason: "a floppy baby"}},
		{"negated list", "he isn't floppy, lethargic or blue", Flag{}},
		{"negation inside a pattern", "her lips are not blue", Flag{}},
		{"stretched letters", "feverrrr 38.5 in my newbornnn",
			Flag{Tier: CareNow, Topic: TopicUrgentBabyIllness, Reason: "a fever in a baby under 3 months"}},
		{"typo one edit away", "my 3 week old has a temprature of 38.6",
			Flag{Tier: CareNow, Topic: TopicUrgentBabyIllness, Reason: "a fever in a baby under 3 months"}},
		{"curly apostrophe", "I can’t wake her",
			Flag{Tier: CareNow, Topic: TopicUrgentBabyIllness, Reason: "a baby who is unresponsive or very hard to wake"}},
		{"degree sign", "temp 38.2°C, she's 4 weeks",
			Flag{Tier: CareNow, Topic: TopicUrgentBabyIllness, Reason: "a fever in a baby under 3 months"}},
		{"gestation is not age", "born at 36 weeks, now 4 months old, temp 38.1", Flag{}},
		{"question about signs, then a description", "what are the signs of dehydration? she has a dry mouth",
			Flag{Tier: CareToday, Topic: TopicUrgentBabyFeeding, Reason: "signs of dehydration"}},
	}
	d := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := d.Detect(tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Detect(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestCanonicalSpelling(t *testing.T) {
	d := New()
	tests := []struct{ in, want string }{
		{"fevor", "fever"}, {"feaver", "fever"}, {"fever", "fever"}, {"temperature", "temp"},
		{"temprature", "temp"}, {"diapers", "nappy"}, {"nappies", "nappy"}, {"breathin", "breathe"},
		{"breathing", "breathe"}, {"mastitus", "mastitis"}, {"jaundise", "jaundice"},
		{"feverrr", "fever"}, {"lo", "baby"}, {"sizing", "sizing"}, {"never", "never"}, {"sloppy", "sloppy"},
	}
	for _, tt := range tests {
		if got := d.canonical(tt.in); got != tt.want {
			t.Errorf("canonical(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAgeParsing(t *testing.T) {
	tests := []struct {
		text         string
		known        bool
		minDays      float64
		under3Months bool
	}{
		{"my 6 week old", true, 42, true},
		{"EBF 6wk", true, 42, true},
		{"she's 2mo", true, 60.8, true},
		{"10 days old", true, 10, true},
		{"day 4 and", true, 4, true},
		{"newborn", true, 0, true},
		{"born this morning", true, 0, true},
		{"under 3 months", true, 0, true},
		{"my 4 month old", true, 121.6, false},
		{"mastitis for 3 weeks", false, 0, false},
		{"2 days ago", false, 0, false},
		{"born at 35 weeks", false, 0, false},
		{"my 3 year old", false, 0, false},
		{"day 3 of antibiotics", false, 0, false},
	}
	d := New()
	for _, tt := range tests {
		norm := string(normalise(tt.text, nil))
		e := evaluation{toks: d.tokenise(norm, nil)}
		markSubjects(e.toks)
		e.parseAge()
		if e.age.known != tt.known || e.age.min != tt.minDays || e.age.under3Months() != tt.under3Months {
			t.Errorf("age of %q = %+v (under 3 months %v), want known %v, min %v, under 3 months %v",
				tt.text, e.age, e.age.under3Months(), tt.known, tt.minDays, tt.under3Months)
		}
	}
}

func TestDetectRedFlagSlowPathAgrees(t *testing.T) {
	d := New()
	for _, text := range []string{"my 6 week old has a temp of 38.4", "sore nipples", "I want to die"} {
		if got, want := Detect(text), d.Detect(text); got != want {
			t.Errorf("Detect(%q) = %+v, Detect = %+v", text, got, want)
		}
	}
}

func TestRedFlagDetectorConcurrent(t *testing.T) {
	d := New()
	cases := loadRedFlagCases(t)
	want := make([]Flag, len(cases))
	for i, c := range cases {
		want[i] = d.Detect(c.Text)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, c := range cases {
				if got := d.Detect(c.Text); got != want[i] {
					errs <- fmt.Sprintf("%q: got %+v, want %+v", c.Text, got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestRedFlagTablesCompile(t *testing.T) {
	d, err := newRedFlagDetector()
	if err != nil {
		t.Fatal(err)
	}
	if len(d.patterns) < 100 {
		t.Errorf("only %d patterns compiled", len(d.patterns))
	}
	for w, ids := range d.index {
		if w == "" || len(ids) == 0 {
			t.Errorf("bad index entry %q -> %v", w, ids)
		}
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"", "38.4", "my 6 week old has a temp of 38,5°C", "no fever, not floppy",
		"I can’t go on", "100.4F 2mo", "day 4 yellow", "\x00\xff\xfe", strings.Repeat("9", 40) + ".9"} {
		f.Add(s)
	}
	d := New()
	topics := map[string]bool{TopicUrgentBabyFeeding: true, TopicUrgentBabyIllness: true,
		TopicUrgentParentBreast: true, TopicUrgentMentalHealth: true, TopicUrgentParentHealth: true}
	f.Fuzz(func(t *testing.T, text string) {
		got := d.Detect(text)
		if again := d.Detect(text); again != got {
			t.Fatalf("not deterministic: %+v then %+v", got, again)
		}
		switch got.Tier {
		case NoFlag:
			if got.Topic != "" || got.Reason != "" {
				t.Fatalf("no flag but topic %q reason %q", got.Topic, got.Reason)
			}
		case CareToday, CareNow:
			if !topics[got.Topic] || got.Reason == "" {
				t.Fatalf("flag with topic %q reason %q", got.Topic, got.Reason)
			}
		default:
			t.Fatalf("tier %d", got.Tier)
		}
	})
}

func BenchmarkDetectRedFlag(b *testing.B) {
	short := "my 6 week old has a temp of 38.4, what should I do?"
	var long strings.Builder
	para := "We're EBF and she's 5 weeks old. She's been feeding every two hours, sometimes cluster feeding " +
		"in the evening, and my nipples are sore but getting better with a deeper latch. Last night she " +
		"seemed a bit warmer than usual and fussier at the breast, spitting up a little after feeds. "
	for long.Len() < 2048 {
		long.WriteString(para)
	}
	long.WriteString("Now her temp is 38.3 under the arm.")
	d := New()
	for _, bc := range []struct{ name, text string }{{"short", short}, {"2KB", long.String()}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.text)))
			for b.Loop() {
				if d.Detect(bc.text).Tier != CareNow {
					b.Fatal("missed the fever")
				}
			}
		})
	}
}

func BenchmarkNewRedFlagDetector(b *testing.B) {
	for b.Loop() {
		New()
	}
}
