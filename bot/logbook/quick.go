package logbook

import (
	"context"
	"strings"
)

// quickKey is one one-tap log: its button label, the text it stands for
// (what a parent could type), and its id in button data.
type quickKey struct {
	id, label, text string
}

// QuickKeys are the one-tap logs, in order: the same on every platform
// (Telegram's reply keyboard sends the labels as text, /log's buttons send
// q:TOKEN:ID, the terminal numbers them), so a label always means the same.
func QuickKeys() []string {
	keys := quickKeys()
	labels := make([]string, len(keys))
	for i, k := range keys {
		labels[i] = k.label
	}
	return labels
}

func quickKeys() []quickKey {
	return []quickKey{
		{"left", "Start left", "start left"},
		{"right", "Start right", "start right"},
		{"bottle", "Bottle", "bottle"},
		{"wet", "Wet nappy", "wet nappy"},
		{"dirty", "Dirty nappy", "dirty nappy"},
		{"stop", "Stop timer", "/stop"},
	}
}

// logCommand is /log: the one-tap buttons. Each keyboard logs each button
// once (a double tap is one entry); /log again for a fresh one.
func (e *Book) logCommand() Reply {
	tok := logToken()
	r := textReply("Log in one tap (or type it, for example \"left 15\" or \"bottle 90ml\"):")
	for _, k := range quickKeys() {
		r.Buttons = append(r.Buttons, Button{Label: k.label, Data: "q:" + tok + ":" + k.id})
	}
	return r
}

// quickAction handles q:TOKEN:ID as if its text had been typed, keyed to
// the keyboard and the button so a redelivered or double press logs once.
func (e *Book) quickAction(ctx context.Context, m Message, rest string) (Reply, error) {
	tok, id, _ := strings.Cut(rest, ":")
	for _, k := range quickKeys() {
		if k.id != id || tok == "" {
			continue
		}
		typed := m
		typed.Action, typed.Text, typed.ID = "", k.text, "q:"+tok+":"+id
		if k.id == "bottle" {
			return textReply("How much was in the bottle? Type it, for example \"bottle 90ml\" or \"bottle 3oz formula\"."), nil
		}
		if strings.HasPrefix(k.text, "/") {
			r, _, err := e.Command(ctx, typed, strings.TrimPrefix(k.text, "/"), "")
			return r, err
		}
		r, ok, err := e.FreeText(ctx, typed)
		if !ok && err == nil {
			return textReply("I couldn't log that. Please type it, for example \"left 15\"."), nil
		}
		return r, err
	}
	return textReply("I didn't understand that button. Send /log for fresh buttons."), nil
}
