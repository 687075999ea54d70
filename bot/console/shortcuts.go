package console

import (
	"fmt"
	"strings"

	"nursling/bot"
)

// shortcuts numbers buttons by label for a whole session: a label gets the
// next number the first time it is shown and keeps it, so "1" means the
// same in every reply.
type shortcuts struct {
	byLabel map[string]int
	labels  []string // labels[n-1] has number n
}

func newShortcuts() *shortcuts { return &shortcuts{byLabel: map[string]int{}} }

// learn numbers the labels not seen before, in order.
func (s *shortcuts) learn(bs []bot.Button) {
	for _, b := range bs {
		if _, ok := s.byLabel[b.Label]; !ok {
			s.labels = append(s.labels, b.Label)
			s.byLabel[b.Label] = len(s.labels)
		}
	}
}

func (s *shortcuts) number(label string) int { return s.byLabel[label] }

// press returns the data of the last reply's button numbered k.
func (s *shortcuts) press(k int, last []bot.Button) (string, bool) {
	if k > len(s.labels) {
		return "", false
	}
	for _, b := range last {
		if b.Label == s.labels[k-1] {
			return b.Data, true
		}
	}
	return "", false
}

// missing explains a number that presses nothing now.
func (s *shortcuts) missing(k int, last []bot.Button) string {
	var opts []string
	for _, b := range last {
		opts = append(opts, fmt.Sprintf("[%d] %s", s.number(b.Label), b.Label))
	}
	if len(opts) == 0 {
		return fmt.Sprintf("There is no button [%d] here. Type a question or a log (\"left 15\"), or /log for one-tap logs.", k)
	}
	return fmt.Sprintf("There is no button [%d] here; the buttons are %s.", k, strings.Join(opts, ", "))
}
