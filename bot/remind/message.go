package remind

import (
	"fmt"
	"strconv"
	"time"

	"nursling/bot/chat"
)

// Button data of a delivered reminder: rem:done:ID, rem:snooze:ID,
// rem:log:ID. The engine routes "rem:" actions to the Service.
const actionPrefix = "rem:"

// buttons is the row under every reminder and nudge.
func (r *Rules) buttons(id int64) []chat.Button {
	n := strconv.FormatInt(id, 10)
	return []chat.Button{
		{Label: "Done", Data: actionPrefix + "done:" + n},
		{Label: "Snooze " + Human(r.Snooze), Data: actionPrefix + "snooze:" + n},
		{Label: "Log a feed", Data: actionPrefix + "log:" + n},
	}
}

// reminderReply is the message a due reminder sends.
func (r *Rules) reminderReply(rem Reminder, now time.Time) chat.Reply {
	text := "⏰ Reminder: " + rem.Text
	if rem.Text == "" {
		text = "⏰ This is the reminder you asked for."
	}
	rep := chat.Reply{Blocks: []chat.Block{{Kind: chat.Text, Text: text}}, Visibility: chat.Private}
	if late := now.Sub(rem.Due); late > r.LateAfter {
		rep.Blocks = append(rep.Blocks, chat.Block{Kind: chat.Footnote,
			Text: fmt.Sprintf("Sorry, this is late: it was due at %s and I was offline.", Clock(rem.Due, r.location(rem.Zone), now))})
	}
	rep.Buttons = r.buttons(rem.ID)
	return rep
}

// nudgeReply is the next-feed nudge.
func (r *Rules) nudgeReply(rem Reminder, f FeedInfo, now time.Time) chat.Reply {
	loc := r.location(rem.Zone)
	what := "the last feed"
	detail := Clock(f.At, loc, now)
	if f.Side != "" {
		detail = f.Side + " side, " + detail
	}
	text := fmt.Sprintf("It's been %s since %s (%s).", Human(now.Sub(f.At).Truncate(time.Minute)), what, detail)
	if f.Next != "" {
		text += " Next: " + f.Next + "."
	}
	return chat.Reply{
		Blocks:     []chat.Block{{Kind: chat.Text, Text: text}, {Kind: chat.Footnote, Text: "/nudge off stops these nudges."}},
		Buttons:    r.buttons(rem.ID),
		Visibility: chat.Private,
	}
}

// Clock shows t in loc as "14:30", with the day when it is not today
// ("Sat 14:30").
func Clock(t time.Time, loc *time.Location, now time.Time) string {
	t, now = t.In(loc), now.In(loc)
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04")
	}
	if t.Sub(now) > 6*24*time.Hour || now.Sub(t) > 6*24*time.Hour {
		return t.Format("Mon 2 Jan 15:04")
	}
	return t.Format("Mon 15:04")
}
