package bot

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"nursling/bot/feedlog"
	"nursling/bot/redflag"
	"nursling/knowledge"
)

//go:embed conversation.yaml
var conversationYAML []byte

// conversation reads small talk and follow-ups (conversation.yaml). The
// memory of each chat's last question is in-process only, a few minutes
// long, and never stored or logged.
type conversation struct {
	kinds    []talkKind
	examples map[string]int // normalised small-talk example -> kind, or -1
	openers  []string
	maxWords int
	window   time.Duration

	mu   sync.Mutex
	last map[string]lastQuestion
}

type talkKind struct {
	name  string
	words map[string]bool
	reply string
}

type lastQuestion struct {
	text string
	at   time.Time
}

// maxRemembered bounds the follow-up memory; the oldest entries go first.
const maxRemembered = 10000

type conversationFile struct {
	SmallTalk []struct {
		Kind  string   `yaml:"kind"`
		Words []string `yaml:"words"`
		Reply string   `yaml:"reply"`
	} `yaml:"small_talk"`
	FollowUpWords   int      `yaml:"follow_up_words"`
	FollowUpMinutes int      `yaml:"follow_up_minutes"`
	FollowUpOpeners []string `yaml:"follow_up_openers"`
}

func parseConversation(data []byte, smallTalk []knowledge.Example) (*conversation, error) {
	var f conversationFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("bot: conversation: %w", err)
	}
	if f.FollowUpWords <= 0 || f.FollowUpMinutes <= 0 {
		return nil, fmt.Errorf("bot: conversation: follow_up_words and follow_up_minutes must be positive")
	}
	c := &conversation{examples: map[string]int{}, maxWords: f.FollowUpWords, window: time.Duration(f.FollowUpMinutes) * time.Minute, last: map[string]lastQuestion{}}
	for _, k := range f.SmallTalk {
		if k.Kind == "" || k.Reply == "" || len(k.Words) == 0 {
			return nil, fmt.Errorf("bot: conversation: small talk %q needs words and a reply", k.Kind)
		}
		tk := talkKind{name: k.Kind, words: map[string]bool{}, reply: k.Reply}
		for _, w := range k.Words {
			tk.words[knowledge.NormalizeQuestion(w)] = true
		}
		c.kinds = append(c.kinds, tk)
	}
	for _, o := range f.FollowUpOpeners {
		c.openers = append(c.openers, knowledge.NormalizeQuestion(o))
	}
	for _, ex := range smallTalk {
		c.examples[knowledge.NormalizeQuestion(ex.Text)] = -1
	}
	return c, nil
}

// smallTalk returns the reply for a message that is only small talk.
func (c *conversation) smallTalk(text string) (string, bool) {
	norm := knowledge.NormalizeQuestion(text)
	if norm == "" {
		return "", false
	}
	ws := strings.Fields(norm)
	if len(ws) > 8 {
		return "", false
	}
	// The kind whose words cover the message, first listed first.
	for _, k := range c.kinds {
		all := true
		for _, w := range ws {
			if !k.words[w] {
				all = false
				break
			}
		}
		if all {
			return k.reply, true
		}
	}
	if _, ok := c.examples[norm]; ok {
		// A small-talk example made of words no kind lists ("you're a
		// star"): the kind that shares most of its words, else thanks.
		best, n := 0, 0
		for i, k := range c.kinds {
			m := 0
			for _, w := range ws {
				if k.words[w] {
					m++
				}
			}
			if m > n {
				best, n = i, m
			}
		}
		return c.kinds[best].reply, true
	}
	return "", false
}

// followUp returns the question to search for: a short follow-up ("what
// about at night?") sent soon after an answer is read together with the
// question that answer was for.
func (c *conversation) followUp(key, text string, now time.Time) string {
	norm := knowledge.NormalizeQuestion(text)
	ws := strings.Fields(norm)
	if len(ws) == 0 || len(ws) > c.maxWords {
		return text
	}
	opener := false
	for _, o := range c.openers {
		if norm == o || strings.HasPrefix(norm, o+" ") {
			opener = true
			break
		}
	}
	if !opener {
		return text
	}
	c.mu.Lock()
	prev, ok := c.last[key]
	c.mu.Unlock()
	if !ok || now.Sub(prev.at) > c.window || now.Before(prev.at) {
		return text
	}
	return prev.text + " " + text
}

// remember keeps the question an answer was for, for follow-ups.
func (c *conversation) remember(key, question string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.last) >= maxRemembered {
		for k, v := range c.last {
			if now.Sub(v.at) > c.window {
				delete(c.last, k)
			}
		}
		if len(c.last) >= maxRemembered {
			clear(c.last)
		}
	}
	c.last[key] = lastQuestion{text: question, at: now}
}

// converse answers a message meant for the guide: small talk gets a short
// reply, a log-like text sent with /ask a hint, a follow-up is read with
// the question before it, and anything else is a question.
func (e *Engine) converse(ctx context.Context, m Message, text string, asked bool, a *Assessment) (Reply, error) {
	// route has run the red-flag detector on text already: nothing urgent.
	if reply, ok := e.talk.smallTalk(text); ok {
		return textReply(reply), nil
	}
	if asked && feedlog.Parse(text, feedlog.ParseContext{Now: e.now()}).Status != feedlog.NotLog {
		return textReply("That looks like a feed log entry rather than a question. To log it, send it on its own, without /ask (for example: left 15 min). /help lists the log commands."), nil
	}
	key := string(m.Platform) + "\x00" + m.ChatID + "\x00" + m.UserID
	now := e.now()
	question := e.talk.followUp(key, text, now)
	var flags []redflag.Flag
	if question != text {
		// A follow-up read with the previous question may be urgent
		// together ("and if she's 5 weeks?" after a fever).
		flags = e.detect(question)
	}
	r, err := e.answer(ctx, m, question, flags, a)
	if err == nil && r.Topic != "" && len(flags) == 0 {
		e.talk.remember(key, question, now)
	}
	return r, err
}
