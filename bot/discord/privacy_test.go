package discord

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"nursling/internal/enginetest"
)

// TestNoParentTextInLogs sends the privacy probe through the adapter to the
// real engine, adapter and engine both logging at debug level: every slash
// command with the private words (a made-up word, a baby's name, a time
// zone) in each free option, a topic autocomplete, then the probe's texts
// as direct messages. No log line may hold any of it.
func TestNoParentTextInLogs(t *testing.T) {
	logs := &enginetest.Logs{}
	real := enginetest.New(t, logs.Logger())
	eng := &engine{handle: real.Handle, infos: real.Commands()}
	h := start(t, eng, Options{})

	sent := 0
	for _, spec := range commandSpecs(real.Commands()) {
		var opts []map[string]any
		for _, o := range spec.opts {
			opts = append(opts, opt(o.name, int(o.kind), probeValue(spec.name, o)))
		}
		in := slash(spec.name, opts...)
		h.f.dispatch(t, "INTERACTION_CREATE", in)
		h.f.waitReq(t, "/"+spec.name+" answered", callback(in))
		sent++
	}
	auto := interaction(4, map[string]any{"id": "900", "name": "guide", "type": 1,
		"options": []map[string]any{{"name": "topic", "type": 3, "value": enginetest.Word, "focused": true}}})
	h.f.dispatch(t, "INTERACTION_CREATE", auto)
	h.f.waitReq(t, "autocomplete answered", callback(auto))
	texts := enginetest.Texts(real.Commands())
	for _, text := range texts {
		h.f.dispatch(t, "MESSAGE_CREATE", messageCreate("", "dm-"+testUser, text))
	}
	eventually(t, "every message reached the engine", func() bool { return len(eng.messages()) >= sent+len(texts) })
	if err := h.stop(t); err != nil {
		t.Fatal(err)
	}
	enginetest.CheckLogs(t, h.logs.String())
	logs.Check(t)
}

// probeValue is the probe's value for one option: the private words where
// the option takes free text, else a valid choice or number.
func probeValue(cmd string, o optSpec) any {
	switch {
	case o.kind == discordgo.ApplicationCommandOptionInteger:
		return 10
	case len(o.choices) > 0:
		return o.choices[0]
	case o.name == "zone":
		return enginetest.Zone
	case o.name == "code":
		return enginetest.Code
	case o.name == "topic", o.name == "at":
		return enginetest.Word
	}
	v := enginetest.Args(cmd)
	if o.maxLen > 0 && len(v) > o.maxLen {
		v = v[:o.maxLen]
	}
	return strings.TrimSpace(v)
}
