package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"nursling/bot"
	"nursling/config"
	"nursling/evaluate"
)

// cmdEvalSafety runs a safety message file through the engine, the path
// of a chat message, and prints flagged recall per kind with 95 % Wilson
// intervals, "needs now -> got now", false alarms, and two-flag messages.
func cmdEvalSafety(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval safety", stderr)
	path := fs.String("messages", "", "message file (YAML: messages: [{text, tier, kind, topics}])")
	verbose := fs.Bool("v", false, "list every miss and false alarm")
	country := fs.String("country", "", "locale.country for the replies (does not change the judgement)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *path == "" {
		return fmt.Errorf("%w: --messages FILE is required", errUsage)
	}
	msgs, err := evaluate.LoadSafetyMessages(*path)
	if err != nil {
		return err
	}
	if len(msgs) == 0 {
		return errors.New("the message file has no messages")
	}
	cfg := config.Default()
	cfg.Locale.Country = *country
	a, err := openApp(ctx, cfg, newLogger(stderr, "text", "warn"), appOptions{})
	if err != nil {
		return err
	}
	defer a.Close()
	r, err := evaluate.RunSafety(ctx, engineJudge(a.engine), msgs)
	if err != nil {
		return err
	}
	evaluate.PrintSafety(stdout, r)
	if *verbose {
		fmt.Fprintln(stdout)
		evaluate.PrintSafetyMisses(stdout, r)
	}
	return nil
}

// engineJudge asks the engine as a chat message would and reports the
// reply's tier and every urgent topic it showed.
func engineJudge(eng *bot.Engine) evaluate.Judge {
	return func(ctx context.Context, text string) (evaluate.Judgement, error) {
		_, as, err := eng.Inspect(ctx, bot.Message{Platform: bot.Console, ChatID: "eval", UserID: "eval", Text: text, Addressed: true})
		if err != nil {
			return evaluate.Judgement{}, err
		}
		j := evaluate.Judgement{Tier: "none"}
		for i, f := range as.Flags {
			if i == 0 {
				j.Tier = f.Tier.String()
			}
			j.Topics = append(j.Topics, f.Topic)
		}
		return j, nil
	}
}
