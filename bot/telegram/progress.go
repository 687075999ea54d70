package telegram

import (
	"fmt"
	"strconv"
	"strings"
)

// Progress is how far the adapter got, as stored across restarts. Offset
// is the update id at or below which every update was handled and
// answered (polling mode); Done are the ids above it already handled and
// answered, which a restart skips instead of answering twice.
type Progress struct {
	Offset int
	Done   []int
}

// String encodes p for a key-value store: "Offset" or "Offset;id,id,...".
// A plain number (the format before Done existed) parses back unchanged.
func (p Progress) String() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(p.Offset))
	for i, id := range p.Done {
		if i == 0 {
			b.WriteByte(';')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(id))
	}
	return b.String()
}

// ParseProgress decodes String's format; "" is no progress.
func ParseProgress(s string) (Progress, error) {
	var p Progress
	if s == "" {
		return p, nil
	}
	head, tail, _ := strings.Cut(s, ";")
	n, err := strconv.Atoi(head)
	if err != nil {
		return Progress{}, fmt.Errorf("telegram: stored progress: offset: %w", err)
	}
	p.Offset = n
	if tail == "" {
		return p, nil
	}
	for _, f := range strings.Split(tail, ",") {
		id, err := strconv.Atoi(f)
		if err != nil {
			return Progress{}, fmt.Errorf("telegram: stored progress: done id: %w", err)
		}
		p.Done = append(p.Done, id)
	}
	return p, nil
}
