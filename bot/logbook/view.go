package logbook

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"nursling/bot/feedlog"
)

// viewCtx is what every read-only view needs.
type viewCtx struct {
	u   feedlog.User
	h   feedlog.Household
	loc *time.Location
	now time.Time
}

func (e *Book) view(ctx context.Context, m Message) (viewCtx, error) {
	u := userOf(m)
	h, err := e.store.Household(ctx, u)
	if err != nil {
		return viewCtx{}, UserWrap(msgReadFailed, err)
	}
	loc := e.feed.location(h)
	return viewCtx{u: u, h: h, loc: loc, now: e.msgTime(m).In(loc)}, nil
}

// lastCommand: the last feed, how long ago, which side, the suggested next
// side, and the last nappy; per baby when there are several.
func (e *Book) lastCommand(ctx context.Context, m Message) (Reply, error) {
	v, err := e.view(ctx, m)
	if err != nil {
		return Reply{}, err
	}
	if v.h.ID == 0 {
		return textReply(msgNothingYet), nil
	}
	recent, err := e.store.Entries(ctx, v.u, feedlog.Query{Limit: 200})
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	if len(recent) == 0 {
		return textReply(msgNothingYet), nil
	}
	var r Reply
	for _, g := range byBaby(v.h, recent) {
		if g.name != "" {
			r.Blocks = append(r.Blocks, Block{Kind: Title, Text: g.name})
		}
		l := feedlog.Last(g.entries)
		r.Blocks = append(r.Blocks, Block{Kind: List, Items: lastLines(l, v, e.units(ctx, v.u, l.Feed))})
	}
	return r, nil
}

func lastLines(l feedlog.LastSummary, v viewCtx, unit string) []string {
	var items []string
	if l.HasFeed {
		items = append(items, fmt.Sprintf("Last feed: %s (%s).", feedlog.DescribeAtUnits(l.Feed, unit, v.loc, v.now), feedlog.Ago(l.Feed.End, v.now)))
		if l.HasBreast && l.Breast.ID != l.Feed.ID {
			items = append(items, fmt.Sprintf("Last breast feed: %s.", feedlog.DescribeAt(l.Breast, v.loc, v.now)))
		}
	} else {
		items = append(items, "No feeds logged yet.")
	}
	if advice := feedlog.NextSideAdvice(l.Breast, l.HasBreast); advice != "" {
		items = append(items, advice)
	}
	if l.HasNappy {
		items = append(items, fmt.Sprintf("Last nappy: %s (%s).", feedlog.DescribeAt(l.Nappy, v.loc, v.now), feedlog.Ago(l.Nappy.Start, v.now)))
	} else {
		items = append(items, "No nappies logged yet.")
	}
	return items
}

// babyGroup is one baby's entries ("" name: the only baby, or none).
type babyGroup struct {
	name    string
	baby    feedlog.Baby
	entries []feedlog.Entry
}

// byBaby splits entries per baby when the household has more than one;
// entries without a baby go into a group of their own.
func byBaby(h feedlog.Household, entries []feedlog.Entry) []babyGroup {
	if len(h.Babies) <= 1 {
		g := babyGroup{entries: entries}
		if len(h.Babies) == 1 {
			g.baby = h.Babies[0]
		}
		return []babyGroup{g}
	}
	var groups []babyGroup
	idx := map[int64]int{}
	for _, b := range h.Babies {
		idx[b.ID] = len(groups)
		groups = append(groups, babyGroup{name: b.Name, baby: b})
	}
	other := -1
	for _, en := range entries {
		i, ok := idx[en.BabyID]
		if !ok {
			if other < 0 {
				other = len(groups)
				groups = append(groups, babyGroup{name: "No baby named"})
			}
			i = other
		}
		groups[i].entries = append(groups[i].entries, en)
	}
	var out []babyGroup
	for _, g := range groups {
		if len(g.entries) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// todayCommand summarises the current log day.
func (e *Book) todayCommand(ctx context.Context, m Message) (Reply, error) {
	v, err := e.view(ctx, m)
	if err != nil {
		return Reply{}, err
	}
	y, mo, d := feedlog.DayOf(v.now, v.loc, e.feed.dayStart)
	return e.dayReply(ctx, v, y, mo, d, true)
}

// dayCommand summarises /day YYYY-MM-DD.
func (e *Book) dayCommand(ctx context.Context, m Message, args string) (Reply, error) {
	v, err := e.view(ctx, m)
	if err != nil {
		return Reply{}, err
	}
	ty, tm, td := feedlog.DayOf(v.now, v.loc, e.feed.dayStart)
	y, mo, d, ok := dayArg(strings.TrimSpace(args), ty, tm, td, v.loc)
	if !ok {
		return Reply{}, Userf("Give the day as yesterday, a weekday or YYYY-MM-DD, for example /day yesterday or /day %s.", v.now.Format(time.DateOnly))
	}
	return e.dayReply(ctx, v, y, mo, d, y == ty && mo == tm && d == td)
}

// dayArg reads /day's argument against today's log day (ty-tm-td):
// "today", "yesterday" or "yday", a weekday ("monday", "mon", "last
// monday": the most recent one before today), or YYYY-MM-DD.
func dayArg(a string, ty int, tm time.Month, td int, loc *time.Location) (int, time.Month, int, bool) {
	a = strings.ToLower(a)
	back := -1
	switch a {
	case "", "today":
		back = 0
	case "yesterday", "yday", "yest":
		back = 1
	default:
		a = strings.TrimPrefix(a, "last ")
		for i := 1; i <= 7; i++ {
			name := strings.ToLower(time.Date(ty, tm, td-i, 12, 0, 0, 0, loc).Weekday().String())
			if a == name || a == name[:3] {
				back = i
				break
			}
		}
	}
	if back >= 0 {
		y, mo, d := time.Date(ty, tm, td-back, 12, 0, 0, 0, loc).Date()
		return y, mo, d, true
	}
	t, err := time.ParseInLocation(time.DateOnly, a, loc)
	if err != nil {
		return 0, 0, 0, false
	}
	y, mo, d := t.Date()
	return y, mo, d, true
}

func (e *Book) dayReply(ctx context.Context, v viewCtx, y int, mo time.Month, d int, today bool) (Reply, error) {
	if v.h.ID == 0 {
		return textReply(msgNothingYet), nil
	}
	from, to := feedlog.DayBounds(y, mo, d, v.loc, e.feed.dayStart)
	// The nappy check looks at the last 24 hours when the day is today.
	qFrom := from
	if today && v.now.Add(-24*time.Hour).Before(qFrom) {
		qFrom = v.now.Add(-24 * time.Hour)
	}
	entries, err := e.store.Entries(ctx, v.u, feedlog.Query{From: qFrom, To: to})
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	title := from.Format("Mon 2 Jan 2006")
	if today {
		title = "Today, " + from.Format("Mon 2 Jan")
	}
	if e.feed.dayStart != 0 {
		title += fmt.Sprintf(" (from %02d:00)", e.feed.dayStart)
	}
	r := Reply{Blocks: []Block{{Kind: Title, Text: title}}}
	any := false
	for _, g := range byBaby(v.h, entries) {
		s := feedlog.Summarize(g.entries, from, to)
		if s.Feeds+s.Nappies+s.Pumps == 0 && g.name != "" {
			continue
		}
		any = any || s.Feeds+s.Nappies+s.Pumps > 0
		if g.name != "" {
			r.Blocks = append(r.Blocks, Block{Kind: Title, Text: g.name})
		}
		unit := feedlog.UnitML
		if s.BottleML+s.PumpedML > 0 {
			unit = e.units(ctx, v.u, feedlog.Entry{AmountML: 1})
		}
		r.Blocks = append(r.Blocks, Block{Kind: List, Items: dayLines(s, v.loc, unit)})
		if check := e.nappyCheck(ctx, v, g, from, to, today); len(check) > 0 {
			r.Blocks = append(r.Blocks, check...)
		}
	}
	if !any {
		r.Blocks = append(r.Blocks, Block{Kind: Text, Text: "Nothing logged for this day."})
	}
	return r, nil
}

func dayLines(s feedlog.DaySummary, loc *time.Location, unit string) []string {
	var items []string
	feeds := fmt.Sprintf("Feeds: %d", s.Feeds)
	if s.BreastFeeds > 0 && s.BottleFeeds > 0 {
		feeds += fmt.Sprintf(" (breast %d, bottle %d", s.BreastFeeds, s.BottleFeeds)
		if s.Feeds < s.BreastFeeds+s.BottleFeeds {
			feeds += "; a top-up or a second side is part of the same feed"
		}
		feeds += ")"
	} else if s.Feeds < s.BreastFeeds+s.BottleFeeds {
		feeds += " (a second side is part of the same feed)"
	}
	items = append(items, feeds)
	if s.BreastFeeds > 0 {
		parts := []string{}
		if s.Left > 0 {
			parts = append(parts, "left "+feedlog.FormatDuration(s.Left))
		}
		if s.Right > 0 {
			parts = append(parts, "right "+feedlog.FormatDuration(s.Right))
		}
		if s.Unsplit > 0 {
			parts = append(parts, "both or unsaid "+feedlog.FormatDuration(s.Unsplit))
		}
		if len(parts) > 0 {
			items = append(items, "Breast: "+strings.Join(parts, ", "))
		}
	}
	if s.BottleFeeds > 0 {
		items = append(items, "Bottles: "+feedlog.FormatAmount(s.BottleML, unit))
	}
	items = append(items, fmt.Sprintf("Nappies: %d wet, %d dirty", s.Wet, s.Dirty))
	if s.Pumps > 0 {
		items = append(items, fmt.Sprintf("Pumped: %s (%d %s)", feedlog.FormatAmount(s.PumpedML, unit), s.Pumps, logPlural(s.Pumps, "session", "sessions")))
	}
	if s.LongestGap > 0 {
		items = append(items, fmt.Sprintf("Longest gap between feeds: %s (%s–%s)", feedlog.FormatDuration(s.LongestGap),
			s.GapFrom.In(loc).Format("15:04"), s.GapTo.In(loc).Format("15:04")))
	}
	return items
}

// nappyCheck compares wet and dirty nappies with the usual minimum for
// the baby's day of life (facts.md, enough-milk), gently, when a birth
// date is set. For today it counts the last 24 hours, for a past day that
// day. It only judges hours that were logged: when this baby's log started
// inside the window it says so and waits for a full day rather than alarm
// minutes after logging started. A baby with no nappies logged today gets
// a nudge to log them, not silence.
func (e *Book) nappyCheck(ctx context.Context, v viewCtx, g babyGroup, from, to time.Time, today bool) []Block {
	end := to
	if today {
		end = v.now
	}
	start := end.Add(-24 * time.Hour)
	day := g.baby.DayOfLife(start.Add(12*time.Hour), v.loc)
	wantWet, wantDirty, ok := feedlog.NappyMinimum(day)
	if !ok {
		return nil
	}
	wet, dirty, nappies := 0, 0, 0
	first := end // this baby's first entry of any kind in the window
	for _, en := range g.entries {
		if en.Start.Before(start) || en.Start.After(end) {
			continue
		}
		if en.Start.Before(first) {
			first = en.Start
		}
		if en.Kind != feedlog.Nappy {
			continue
		}
		nappies++
		if en.Nappy.IsWet() {
			wet++
		}
		if en.Nappy.IsDirty() {
			dirty++
		}
	}
	usual := fmt.Sprintf("Around day %d babies usually have at least %d wet and %d dirty nappies in 24 hours.", day, wantWet, wantDirty)
	if nappies == 0 {
		if !today {
			return nil
		}
		return []Block{{Kind: Text, Text: fmt.Sprintf("Day %d of life: no nappies logged in the last 24 hours. Counting wet and dirty nappies is one way to see feeding is going well: log them with \"wet nappy\" or /nappy wet. %s", day, usual)}}
	}
	period := "in the last 24 hours"
	if !today {
		period = "that day"
	}
	if e.logStartedAfter(ctx, v, g, start, first) {
		since := feedlog.FormatDuration(end.Sub(first))
		return []Block{{Kind: Text, Text: fmt.Sprintf("Day %d of life: you logged %d wet and %d dirty nappies in the %s since the log starts (%s). %s I'll compare once a full day is logged.",
			day, wet, dirty, since, feedlog.DayTime(first, v.now), usual)}}
	}
	blocks := []Block{{Kind: Text, Text: fmt.Sprintf("Day %d of life: you logged %d wet and %d dirty nappies %s. %s", day, wet, dirty, period, usual)}}
	if wet < wantWet || dirty < wantDirty {
		blocks = append(blocks, Block{Kind: Text, Text: "That is fewer than usual. If it's right (not just unlogged), please contact your midwife, health visitor or doctor today. " +
			"More in the guide: " + e.guideRef("enough-milk") + " and " + e.guideRef("urgent-baby-feeding") + "."})
	}
	return blocks
}

// logStartedAfter reports whether this baby's log begins inside the
// 24-hour window (its first entry there is well after the window's start
// and nothing of it was logged before): then a full day was not logged.
func (e *Book) logStartedAfter(ctx context.Context, v viewCtx, g babyGroup, start, first time.Time) bool {
	if first.Sub(start) < nappyCoverageSlack {
		return false
	}
	q := feedlog.Query{To: start, Limit: 1}
	if len(v.h.Babies) > 1 {
		q.BabyID = g.baby.ID // with one baby, entries logged before /baby count too
	}
	earlier, err := e.store.Entries(ctx, v.u, q)
	if err != nil {
		e.log.Warn("feed log: nappy check failed", "error", err.Error())
		return true // unsure: don't alarm
	}
	return len(earlier) == 0
}

// nappyCoverageSlack is how late in the 24 hours the first entry may be
// and the day still count as logged (a night without entries is normal).
const nappyCoverageSlack = 6 * time.Hour

// guideRef names a guide article for a parent: its title and the command
// that opens it.
func (e *Book) guideRef(topic string) string {
	if e.lib != nil {
		if a := e.lib.Article(topic); a != nil {
			return fmt.Sprintf("%q (/guide %s)", a.Title, topic)
		}
	}
	return "/guide " + topic
}

// weekCommand: a 7-day summary and the PNG chart.
func (e *Book) weekCommand(ctx context.Context, m Message) (Reply, error) {
	v, err := e.view(ctx, m)
	if err != nil {
		return Reply{}, err
	}
	if v.h.ID == 0 {
		return textReply(msgNothingYet), nil
	}
	from, to := feedlog.WeekWindow(v.now, v.loc, e.feed.dayStart)
	entries, err := e.store.Entries(ctx, v.u, feedlog.Query{From: from, To: to})
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	days := feedlog.Week(entries, v.now, v.loc, e.feed.dayStart)
	var feeds, wet, dirty, both, pumped int
	var table strings.Builder
	table.WriteString("Day     Feeds  Nappies\n")
	for _, d := range days {
		feeds += d.Feeds()
		wet += d.Wet
		dirty += d.Dirty
		both += d.WetDirty
		pumped += d.PumpedML
		fmt.Fprintf(&table, "%-7s %5d  %7d\n", d.Date.Format("Mon 2"), d.Feeds(), d.Nappies())
	}
	// Each nappy is counted once: a wet and dirty one is its own kind, as
	// in the chart.
	kinds := fmt.Sprintf("%d wet, %d dirty", wet, dirty)
	if both > 0 {
		kinds += fmt.Sprintf(", %d wet and dirty", both)
	}
	summary := fmt.Sprintf("Last 7 days: %d feeds (%.1f a day), %d nappies (%s).", feeds, float64(feeds)/7, wet+dirty+both, kinds)
	if pumped > 0 {
		summary += fmt.Sprintf(" Pumped %d ml.", pumped)
	}
	title := "Week to " + days[6].Date.Format("Mon 2 Jan 2006")
	png, err := feedlog.WeekChart(days, title)
	if err != nil {
		return Reply{}, fmt.Errorf("bot: week chart: %w", err)
	}
	return Reply{
		Blocks:      []Block{{Kind: Title, Text: title}, {Kind: Text, Text: summary}, {Kind: Pre, Text: strings.TrimRight(table.String(), "\n")}},
		Attachments: []Attachment{{Name: "week-" + days[6].Date.Format(time.DateOnly) + ".png", MIME: "image/png", Data: png, Image: true}},
	}, nil
}

// exportCommand: every entry as a CSV file, or feedings in Baby Buddy's
// terms.
func (e *Book) exportCommand(ctx context.Context, m Message, args string) (Reply, error) {
	v, err := e.view(ctx, m)
	if err != nil {
		return Reply{}, err
	}
	format := strings.ToLower(strings.TrimSpace(args))
	if format != "" && format != "babybuddy" && format != "baby buddy" && format != "csv" {
		return Reply{}, Userf("Use /export for a CSV of everything, or /export babybuddy for Baby Buddy's format.")
	}
	if v.h.ID == 0 {
		return textReply(msgNothingYet), nil
	}
	entries, err := e.store.Entries(ctx, v.u, feedlog.Query{})
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	var buf bytes.Buffer
	date := v.now.Format(time.DateOnly)
	if strings.HasPrefix(format, "baby") {
		if err := feedlog.WriteBabyBuddy(&buf, entries, v.h, v.loc); err != nil {
			return Reply{}, fmt.Errorf("bot: export: %w", err)
		}
		r := textReply("Your feeds in Baby Buddy's format (type, method, amount in ml). Import them in Baby Buddy's admin under Feedings; check child_id matches your child there.")
		r.Attachments = []Attachment{{Name: "nursling-babybuddy-feedings-" + date + ".csv", MIME: "text/csv", Data: buf.Bytes()}}
		return r, nil
	}
	if err := feedlog.WriteCSV(&buf, entries, v.h, v.u, v.loc); err != nil {
		return Reply{}, fmt.Errorf("bot: export: %w", err)
	}
	r := textReply(fmt.Sprintf("Your whole log: %d %s, one row each.", len(entries), logPlural(len(entries), "entry", "entries")))
	r.Attachments = []Attachment{{Name: "nursling-log-" + date + ".csv", MIME: "text/csv", Data: buf.Bytes()}}
	return r, nil
}

// historyCommand lists the most recent N entries (default 10, at most 50).
func (e *Book) historyCommand(ctx context.Context, m Message, args string) (Reply, error) {
	n := 10
	if a := strings.TrimSpace(args); a != "" {
		v, err := strconv.Atoi(a)
		if err != nil || v < 1 {
			return Reply{}, Userf("Use /history or /history N, for example /history 20.")
		}
		n = min(v, 50)
	}
	v, err := e.view(ctx, m)
	if err != nil {
		return Reply{}, err
	}
	if v.h.ID == 0 {
		return textReply(msgNothingYet), nil
	}
	entries, err := e.store.Entries(ctx, v.u, feedlog.Query{Limit: n})
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	if len(entries) == 0 {
		return textReply(msgNothingYet), nil
	}
	unit, err := e.store.Units(ctx, v.u)
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	items := make([]string, 0, len(entries))
	for i := len(entries) - 1; i >= 0; i-- {
		en := entries[i]
		line := strconv.Itoa(len(entries)-i) + ". " + feedlog.When(en, v.loc, v.now) + " — " + feedlog.DescribeUnits(en, unit)
		if len(v.h.Babies) > 1 {
			if b, ok := v.h.Baby(en.BabyID); ok {
				line += " (" + b.Name + ")"
			}
		}
		if en.LoggedBy != v.u {
			line += " [" + en.LoggedBy.Platform + " member]"
		}
		items = append(items, line)
	}
	return Reply{Blocks: []Block{
		{Kind: Title, Text: fmt.Sprintf("Last %d %s, newest first", len(items), logPlural(len(items), "entry", "entries"))},
		{Kind: List, Items: items},
		{Kind: Footnote, Text: "To change one: /edit N and the change, for example /edit 1 at 14:30 or /edit 2 right 12. /undo removes your last."},
	}}, nil
}

func logPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
