package feedlog_test

import (
	"fmt"
	"time"

	"nursling/bot/feedlog"
)

func ExampleParse() {
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, time.UTC)
	for _, text := range []string{"fed left 15 min", "L15 R10", "bottle 3oz formula", "right 10m at 3:40am", "how long should a feed last"} {
		p := feedlog.Parse(text, feedlog.ParseContext{Now: now})
		if p.Status == feedlog.NotLog {
			fmt.Printf("%-28s -> a question for the guide\n", text)
			continue
		}
		fmt.Printf("%-28s -> %s\n", text, feedlog.DescribeAt(p.Entry, time.UTC, now))
	}
	// Output:
	// fed left 15 min              -> left breast, 15 min, 13:50–14:05
	// L15 R10                      -> both breasts, 25 min (left 15 min, right 10 min), 13:40–14:05
	// bottle 3oz formula           -> bottle, 89 ml formula at 14:05
	// right 10m at 3:40am          -> right breast, 10 min, 03:40–03:50
	// how long should a feed last  -> a question for the guide
}

func ExampleFindTime() {
	now := time.Date(2026, 11, 5, 0, 10, 0, 0, time.UTC)
	for _, text := range []string{"left 10 at 11:30pm", "fed 20 min ago", "left 15"} {
		m, found, err := feedlog.FindTime(text, now)
		switch {
		case err != nil:
			fmt.Println(text, "->", err)
		case !found:
			fmt.Println(text, "-> no time given")
		default:
			fmt.Printf("%s -> %q = %s\n", text, text[m.Start:m.End], m.T.Format("Mon 15:04"))
		}
	}
	// Output:
	// left 10 at 11:30pm -> "at 11:30pm" = Wed 23:30
	// fed 20 min ago -> "20 min ago" = Wed 23:50
	// left 15 -> no time given
}
