package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"nursling/bot"
	"nursling/bot/console"
	"nursling/knowledge"
)

// askJSON is one line of `nursling ask --json`.
type askJSON struct {
	Question    string          `json:"question"`
	Urgent      bool            `json:"urgent"`
	UrgentTopic string          `json:"urgent_topic"`
	NoMatch     bool            `json:"no_match"`
	Results     []knowledge.Hit `json:"results"`
}

// cmdAsk prints one reply, or (--json without a question) answers one
// question per stdin line as JSON lines, flushing each.
func cmdAsk(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("ask", stderr)
	asJSON := fs.Bool("json", false, "print JSON (one object per question)")
	cfgPath := fs.String("config", "", "config file (optional)")
	explain := fs.Bool("explain", false, "show how the question was read and judged (for curators)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	question := strings.Join(fs.Args(), " ")
	if question == "" && !*asJSON {
		return fmt.Errorf("%w: give a question, e.g. nursling ask \"how often should a newborn feed\"", errUsage)
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, newLogger(stderr, cfg.Log.Format, "warn"), appOptions{})
	if err != nil {
		return err
	}
	defer a.Close()
	if *explain {
		out, err := a.idx.Explain(ctx, question)
		if err != nil {
			return err
		}
		_, err = io.WriteString(stdout, out)
		return err
	}
	if !*asJSON {
		r, _ := a.engine.Handle(ctx, bot.Message{Platform: bot.Console, ChatID: "ask", UserID: "ask", Text: question, Addressed: true})
		var b strings.Builder
		console.Render(&b, r)
		_, err := io.WriteString(stdout, b.String())
		return err
	}
	detector := bot.NewRedFlagDetector()
	w := bufio.NewWriter(stdout)
	answer := func(q string) error {
		res, err := a.idx.Search(ctx, q)
		if err != nil {
			return err
		}
		flag := detector.Detect(q)
		if flag.Tier != bot.NoFlag {
			title := ""
			if a := a.lib.Article(flag.Topic); a != nil {
				title = a.Title
			}
			res = res.Lead(knowledge.Hit{Topic: flag.Topic, Title: title})
		}
		out := askJSON{Question: q, Urgent: flag.Tier != bot.NoFlag, UrgentTopic: flag.Topic, NoMatch: res.NoMatch, Results: res.Hits}
		if out.Results == nil {
			out.Results = []knowledge.Hit{}
		}
		b, err := json.Marshal(out)
		if err != nil {
			return err
		}
		w.Write(b)
		w.WriteByte('\n')
		return w.Flush()
	}
	if question != "" {
		return answer(question)
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		if err := answer(sc.Text()); err != nil {
			return err
		}
	}
	return sc.Err()
}
