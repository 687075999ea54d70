package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"nursling/bot/redflag"
	"nursling/config"
)

var update = flag.Bool("update", false, "rewrite golden files")

// runCmd runs the binary's entry point in-process with the given stdin.
func runCmd(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Setenv("XDG_DATA_HOME", t.TempDir()) // never touch the real data dir
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

// TestChatEndToEnd drives the console adapter through the real engine and
// index, as `printf '...' | nursling chat` would.
func TestChatEndToEnd(t *testing.T) {
	stdin := "sore nipples\n1\nbest stroller for jogging\n/topics\nmy 3 week old has a fever of 38.5\n"
	out, errOut, code := runCmd(t, stdin, "chat", "--no-log")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	golden(t, "chat.golden", out)
	for _, want := range []string{"== Sore, cracked", "Sources:", "lactation consultant", "doesn't cover that", "Browse the guide", "GET CARE NOW"} {
		if !strings.Contains(out, want) {
			t.Errorf("chat output lacks %q", want)
		}
	}
}

func TestAskJSONBatch(t *testing.T) {
	questions := []string{"how do i store breast milk", "what's the weather in leeds", "my 2 week old is breathing really fast and her lips look blue"}
	out, errOut, code := runCmd(t, strings.Join(questions, "\n")+"\n", "ask", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	var got []askJSON
	for sc.Scan() {
		var a askJSON
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
		}
		got = append(got, a)
	}
	if len(got) != len(questions) {
		t.Fatalf("%d lines for %d questions", len(got), len(questions))
	}
	for i, q := range questions {
		if got[i].Question != q {
			t.Errorf("line %d answers %q, want %q (order must be kept)", i, got[i].Question, q)
		}
	}
	if got[0].NoMatch || len(got[0].Results) == 0 || got[0].Results[0].Topic != "milk-storage" {
		t.Errorf("storage question: %+v", got[0])
	}
	if !got[1].NoMatch {
		t.Errorf("weather question should be no match: %+v", got[1])
	}
	if !got[2].Urgent || got[2].UrgentTopic != "urgent-baby-illness" || got[2].Results[0].Topic != "urgent-baby-illness" {
		t.Errorf("breathing question should be urgent, urgent article first: %+v", got[2])
	}
	if len(got[0].Results) > 5 {
		t.Errorf("at most 5 results, got %d", len(got[0].Results))
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"fly"}, 2, "unknown command"},
		{"bad flag", []string{"ask", "--nope", "x"}, 2, "flag provided but not defined"},
		{"ask without question", []string{"ask"}, 2, "give a question"},
		{"eval without file", []string{"eval"}, 2, "--questions FILE is required"},
		{"missing config", []string{"serve", "--config", "/nonexistent.yaml"}, 1, "no such file"},
		{"guide lint missing dir", []string{"guide", "lint", "/nonexistent"}, 1, "not a folder"},
		{"import help", []string{"import", "--help"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := runCmd(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.err) {
				t.Errorf("exit %d stderr %q; want %d containing %q", code, errOut, tt.code, tt.err)
			}
		})
	}
}

func TestErrorLineHasNoDoubledPrefix(t *testing.T) {
	tests := []struct {
		name, cmd string
		err       error
		want      string
	}{
		{"package prefix is the command", "config", errors.New("config: read x.yaml: no such file"), "nursling config: read x.yaml: no such file"},
		{"other prefix", "serve", errors.New("config: read x.yaml: no such file"), "nursling serve: config: read x.yaml: no such file"},
		{"no prefix", "ask", errors.New("give a question"), "nursling ask: give a question"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errorLine(tt.cmd, tt.err); got != tt.want {
				t.Errorf("errorLine(%q, %q) = %q, want %q", tt.cmd, tt.err, got, tt.want)
			}
		})
	}
}

func TestServeStartupErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, cfg, want string
	}{
		{"nothing enabled", "data_dir: " + dir + "\n", "no adapter is enabled"},
		{"telegram without its token", "data_dir: " + dir + "\ntelegram:\n  enabled: true\n  token_env: NURSLING_TEST_NO_SUCH_VAR\n", "telegram.token_env: the environment variable NURSLING_TEST_NO_SUCH_VAR is empty or not set"},
		{"discord without its token", "data_dir: " + dir + "\ndiscord:\n  enabled: true\n  token_env: NURSLING_TEST_NO_SUCH_VAR\n", "discord.token_env"},
		{"unknown key", "telegram:\n  enabeld: true\n", `did you mean "telegram.enabled"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := runCmd(t, "", "serve", "--config", write(strings.ReplaceAll(tt.name, " ", "_")+".yaml", tt.cfg))
			if code != 1 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, errOut, tt.want)
			}
		})
	}
}

func TestAskOne(t *testing.T) {
	out, _, code := runCmd(t, "", "ask", "can i have a glass of wine")
	if code != 0 || !strings.Contains(out, "lcohol") || !strings.Contains(out, "Sources:") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestGuideListJSON(t *testing.T) {
	out, _, code := runCmd(t, "", "guide", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var items []struct {
		Topic   string            `json:"topic"`
		Sources []json.RawMessage `json:"sources"`
	}
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatal(err)
	}
	if len(items) < 61 {
		t.Errorf("%d articles listed", len(items))
	}
	for _, it := range items {
		if len(it.Sources) == 0 {
			t.Errorf("%s lists no sources", it.Topic)
		}
	}
}

func TestEvalCommand(t *testing.T) {
	out, errOut, code := runCmd(t, "", "eval", "--questions", "../../index/testdata/questions/group-a.yaml", "--baseline", "fts5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"top-1 accuracy", "recall@3", "nursling", "fts5", "median latency"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
}

func TestConfigCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("telegram:\n  enabled: true\n"), 0o600)
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("telegram:\n  enabeld: true\n"), 0o600)
	if out, errOut, code := runCmd(t, "", "config", "check", good); code != 0 || !strings.Contains(out, "telegram on") {
		t.Errorf("good config: exit %d %s %s", code, out, errOut)
	}
	_, errOut, code := runCmd(t, "", "config", "check", bad)
	if code != 1 || !strings.Contains(errOut, `did you mean "telegram.enabled"`) {
		t.Errorf("bad config: exit %d stderr %s", code, errOut)
	}
}

func TestEvalSafetyCommand(t *testing.T) {
	out, errOut, code := runCmd(t, "", "eval", "safety", "--messages", "../../evaluate/testdata/safety/tool.yaml", "-v")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"mental health", "all urgent", "needs now -> got now", "figure-of-speech", "two or more flags"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval safety output lacks %q:\n%s", want, out)
		}
	}
	if _, errOut, code := runCmd(t, "", "eval", "safety"); code != 2 || !strings.Contains(errOut, "--messages FILE is required") {
		t.Errorf("eval safety without a file: exit %d, %s", code, errOut)
	}
}

func TestAskJSONFlags(t *testing.T) {
	out, errOut, code := runCmd(t, "", "ask", "--json", "my 2 week old has a 38.5 fever and I have mastitis with red streaks")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var a askJSON
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if a.Tier != "now" || len(a.Flags) != 2 || a.Flags[0].Topic != "urgent-baby-illness" || a.Flags[1].Topic != "urgent-parent-breast" || a.Flags[1].Tier != "today" {
		t.Errorf("flags = %+v (tier %s), want the baby's now flag then the breast's today flag", a.Flags, a.Tier)
	}
	if a.Flags[0].Reason == "" {
		t.Error("a flag without a reason")
	}
}

func TestLocaleLine(t *testing.T) {
	if got := localeLine(""); !strings.Contains(got, "findahelpline.com") || !strings.Contains(got, "--country") {
		t.Errorf("localeLine(\"\") = %q", got)
	}
	if got := localeLine("US"); !strings.Contains(got, "for US") {
		t.Errorf("localeLine(US) = %q", got)
	}
}

// TestCountriesMatchHelplines keeps config's list of countries equal to
// the helplines data file's.
func TestCountriesMatchHelplines(t *testing.T) {
	if got, want := strings.Join(config.Countries(), ","), strings.Join(redflag.Countries(), ","); got != want {
		t.Errorf("config.Countries() = %s, helplines have %s", got, want)
	}
}
