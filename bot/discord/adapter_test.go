package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"nursling/bot"
	rtext "nursling/bot/render"
)

func TestRegistersCommands(t *testing.T) {
	t.Parallel()
	const otherGuild = "700000000000000101"
	tests := []struct {
		name      string
		guilds    []string
		wantPaths []string
		wantDM    bool // dm_permission on global commands
	}{
		{"per guild", []string{testGuild, otherGuild}, []string{
			"/applications/" + testApp + "/guilds/" + testGuild + "/commands",
			"/applications/" + testApp + "/guilds/" + otherGuild + "/commands",
		}, false},
		{"global", nil, []string{"/applications/" + testApp + "/commands"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			eng := &engine{infos: []bot.CommandInfo{
				{Name: "ask", Description: "Ask Nursling anything about breastfeeding"},
				{Name: "start", Description: "Telegram only"},
				{Name: "report", Args: "<days>", Description: "A new engine command"},
			}}
			h := start(t, eng, Options{GuildIDs: tc.guilds})
			for _, p := range tc.wantPaths {
				h.f.waitReq(t, "PUT "+p, is("PUT", p))
			}
			if err := h.stop(t); err != nil {
				t.Fatalf("Run: %v", err)
			}
			puts := h.f.find(func(r request) bool { return r.Method == "PUT" })
			var paths []string
			for _, r := range puts {
				paths = append(paths, r.Path)
				if r.Auth != "Bot "+testToken {
					t.Errorf("PUT %s: Authorization = %q, want the bot token", r.Path, r.Auth)
				}
			}
			sort.Strings(paths)
			want := append([]string(nil), tc.wantPaths...)
			sort.Strings(want)
			if diff := cmp.Diff(want, paths); diff != "" {
				t.Errorf("bulk overwrites (-want +got):\n%s", diff)
			}

			var cmds []struct {
				Name        string `json:"name"`
				Description string `json:"description"`
				DM          *bool  `json:"dm_permission"`
				Options     []struct {
					Name         string `json:"name"`
					Type         int    `json:"type"`
					Required     bool   `json:"required"`
					Autocomplete bool   `json:"autocomplete"`
					Choices      []struct {
						Value string `json:"value"`
					} `json:"choices"`
				} `json:"options"`
			}
			if err := json.Unmarshal(puts[0].Body, &cmds); err != nil {
				t.Fatalf("commands body: %v", err)
			}
			byName := map[string]int{}
			var names []string
			for i, c := range cmds {
				byName[c.Name] = i
				names = append(names, c.Name)
				if c.Description == "" || len(c.Description) > 100 {
					t.Errorf("/%s: description %q", c.Name, c.Description)
				}
				if got := c.DM != nil && *c.DM; got != tc.wantDM {
					t.Errorf("/%s: dm_permission %v, want %v", c.Name, c.DM, tc.wantDM)
				}
			}
			wantNames := []string{"ask", "guide", "topics", "help", "about", "feed", "bottle", "nappy", "pump",
				"last", "today", "week", "export", "undo", "share", "join", "tz", "forget", "report"}
			if diff := cmp.Diff(wantNames, names); diff != "" {
				t.Errorf("command names (-want +got):\n%s", diff)
			}
			if got := cmds[byName["ask"]].Description; got != "Ask Nursling anything about breastfeeding" {
				t.Errorf("/ask description = %q, want the engine's", got)
			}
			guideOpt := cmds[byName["guide"]].Options[0]
			if guideOpt.Name != "topic" || !guideOpt.Autocomplete || !guideOpt.Required {
				t.Errorf("/guide option = %+v, want required autocomplete topic", guideOpt)
			}
			feed := cmds[byName["feed"]].Options
			var feedOpts, sides []string
			for _, o := range feed {
				feedOpts = append(feedOpts, o.Name)
			}
			for _, c := range feed[0].Choices {
				sides = append(sides, c.Value)
			}
			if diff := cmp.Diff([]string{"side", "minutes", "at"}, feedOpts); diff != "" {
				t.Errorf("/feed options (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"left", "right", "both", "bottle"}, sides); diff != "" {
				t.Errorf("/feed side choices (-want +got):\n%s", diff)
			}
			if o := cmds[byName["report"]].Options; len(o) != 1 || o[0].Name != "text" {
				t.Errorf("/report options = %+v, want one text option", o)
			}

			// The gateway identified with the unprivileged intents only.
			ids := h.f.framesWithOp(2)
			if len(ids) != 1 {
				t.Fatalf("IDENTIFY frames = %d, want 1", len(ids))
			}
			var identify struct {
				Token   string `json:"token"`
				Intents int    `json:"intents"`
			}
			if err := json.Unmarshal(ids[0].D, &identify); err != nil {
				t.Fatal(err)
			}
			if identify.Token != "Bot "+testToken {
				t.Errorf("IDENTIFY token is not the bot token")
			}
			if want := 1 | 1<<9 | 1<<12; identify.Intents != want {
				t.Errorf("intents = %b, want %b (Guilds, GuildMessages, DirectMessages; no Message Content)", identify.Intents, want)
			}
		})
	}
}

func TestAskVisibility(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		visibility string
		wantFlags  int
	}{
		{"public by default", "", 0},
		{"ephemeral when configured", AskEphemeral, 64},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, nil, Options{AskVisibility: tc.visibility, HelperRole: testRole, GuildIDs: []string{testGuild}})
			in := slash("ask", opt("question", 3, "Is it normal  that latching hurts?"))
			h.f.dispatch(t, "INTERACTION_CREATE", in)

			cb := h.f.waitReq(t, "the deferral", callback(in)).decode(t)
			if got := num(cb["type"]); got != 5 {
				t.Errorf("callback type = %d, want 5 (deferred)", got)
			}
			if got := num(obj(cb["data"])["flags"]); got != tc.wantFlags {
				t.Errorf("deferral flags = %d, want %d", got, tc.wantFlags)
			}
			ed := h.f.waitReq(t, "the answer", edit(in)).decode(t)
			embeds := list(ed["embeds"])
			if len(embeds) != 1 {
				t.Fatalf("embeds = %d, want 1: %v", len(embeds), ed)
			}
			e := obj(embeds[0])
			if e["title"] != "Latch pain" {
				t.Errorf("title = %v", e["title"])
			}
			if want := "• Check the latch: \\*wide\\* mouth\n• Try another position"; e["description"] != want {
				t.Errorf("description = %q, want %q", e["description"], want)
			}
			field := obj(list(e["fields"])[0])
			if want := "• [NHS: breastfeeding problems](https://www.nhs.uk/bf)"; field["value"] != want {
				t.Errorf("sources = %q, want %q", field["value"], want)
			}
			if got := obj(e["footer"])["text"]; got != "If in doubt, ask your midwife or health visitor." {
				t.Errorf("footer = %v", got)
			}
			if diff := cmp.Diff([]string{"fb:latch-pain:1", "human:latch-pain"}, customIDs(ed["components"])); diff != "" {
				t.Errorf("buttons (-want +got):\n%s", diff)
			}

			h.stop(t)
			got := h.eng.messages()
			if len(got) != 1 {
				t.Fatalf("engine got %d messages, want 1", len(got))
			}
			want := bot.Message{Platform: bot.Discord, ID: idOf(in), ChatID: testChan, UserID: testUser,
				Text: "/ask Is it normal that latching hurts?", At: fixedNow(), Group: true, Addressed: true}
			if diff := cmp.Diff(want, got[0]); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGuideAutocomplete(t *testing.T) {
	t.Parallel()
	h := start(t, nil, Options{})
	tests := []struct {
		name    string
		partial string
		want    []string // choice values; nil means check the count only
		count   int
	}{
		{"matching titles", "latch", []string{"latch-pain", "latch-basics"}, 2},
		{"everything is capped at 25", "", nil, 25},
		{"nothing matches", "zzz", nil, 0},
	}
	for _, tc := range tests {
		in := interaction(4, map[string]any{"id": "901", "name": "guide", "type": 1,
			"options": []any{map[string]any{"name": "topic", "type": 3, "value": tc.partial, "focused": true}}})
		h.f.dispatch(t, "INTERACTION_CREATE", in)
		cb := h.f.waitReq(t, tc.name, callback(in)).decode(t)
		if got := num(cb["type"]); got != 8 {
			t.Errorf("%s: callback type = %d, want 8", tc.name, got)
		}
		var values, names []string
		for _, c := range list(obj(cb["data"])["choices"]) {
			values = append(values, fmt.Sprint(obj(c)["value"]))
			names = append(names, fmt.Sprint(obj(c)["name"]))
		}
		if len(values) != tc.count {
			t.Errorf("%s: %d choices, want %d", tc.name, len(values), tc.count)
		}
		if tc.want != nil {
			if diff := cmp.Diff(tc.want, values); diff != "" {
				t.Errorf("%s: values (-want +got):\n%s", tc.name, diff)
			}
			if diff := cmp.Diff([]string{"Latch pain", "Latch basics"}, names); diff != "" {
				t.Errorf("%s: names (-want +got):\n%s", tc.name, diff)
			}
		}
	}
	if got := len(h.eng.messages()); got != 0 {
		t.Errorf("autocomplete reached the engine %d times", got)
	}
}

func TestLogCommandsAreEphemeral(t *testing.T) {
	t.Parallel()
	h := start(t, nil, Options{})
	tests := []struct {
		name  string
		in    map[string]any
		want  string // canonical text
		files []string
	}{
		{"feed", slash("feed", opt("side", 3, "left"), opt("minutes", 4, 15.0), opt("at", 3, "3pm")), "/feed left 15 min at 3pm", nil},
		{"feed, options out of order", slash("feed", opt("at", 3, "10 min ago"), opt("side", 3, "right")), "/feed right at 10 min ago", nil},
		{"bottle", slash("bottle", opt("ml", 4, 90.0), opt("content", 3, "formula")), "/bottle 90 formula", nil},
		{"bottle breast milk", slash("bottle", opt("content", 3, "breast milk"), opt("ml", 4, 60.0)), "/bottle 60 breast milk", nil},
		{"nappy", slash("nappy", opt("kind", 3, "wet")), "/nappy wet", nil},
		{"pump", slash("pump", opt("ml", 4, 120.0)), "/pump 120", nil},
		{"join", slash("join", opt("code", 3, "ABC-123")), "/join ABC-123", nil},
		{"tz", slash("tz", opt("zone", 3, "Europe/London")), "/tz Europe/London", nil},
		{"last", slash("last"), "/last", nil},
		{"week attaches the chart", slash("week"), "/week", []string{"week.png"}},
		{"export attaches the CSV", slash("export"), "/export", []string{"feeds.csv"}},
	}
	for _, tc := range tests {
		h.f.dispatch(t, "INTERACTION_CREATE", tc.in)
	}
	for _, tc := range tests {
		cb := h.f.waitReq(t, tc.name+" deferral", callback(tc.in)).decode(t)
		if got := num(obj(cb["data"])["flags"]); got != 64 {
			t.Errorf("%s: deferral flags = %d, want 64 (ephemeral)", tc.name, got)
		}
		r := h.f.waitReq(t, tc.name+" answer", edit(tc.in))
		var files []string
		for _, f := range r.Files {
			files = append(files, f.Name)
		}
		if diff := cmp.Diff(tc.files, files); diff != "" {
			t.Errorf("%s: files (-want +got):\n%s", tc.name, diff)
		}
		if tc.name == "week attaches the chart" {
			e := obj(list(r.decode(t)["embeds"])[0])
			if got := obj(e["image"])["url"]; got != "attachment://week.png" {
				t.Errorf("week embed image = %v, want the attached chart", got)
			}
		}
	}
	h.stop(t)
	texts := map[string]bool{}
	for _, m := range h.eng.messages() {
		texts[m.Text] = true
	}
	for _, tc := range tests {
		if !texts[tc.want] {
			t.Errorf("%s: engine never got %q; got %v", tc.name, tc.want, texts)
		}
	}
}

func TestPrivateReplyToPublicCommandMovesToEphemeral(t *testing.T) {
	t.Parallel()
	eng := &engine{reply: func(bot.Message) bot.Reply {
		return bot.Reply{Visibility: bot.Private, Blocks: []bot.Block{{Kind: bot.Text, Text: "Logged a feed"}}}
	}}
	h := start(t, eng, Options{})
	in := slash("ask", opt("question", 3, "fed left 10 min"))
	h.f.dispatch(t, "INTERACTION_CREATE", in)
	if got := num(obj(h.f.waitReq(t, "deferral", callback(in)).decode(t)["data"])["flags"]); got != 0 {
		t.Fatalf("deferral flags = %d, want public", got)
	}
	h.f.waitReq(t, "public placeholder deleted", is("DELETE", "/webhooks/"+testApp+"/"+tokenOf(in)+"/messages/@original"))
	fu := h.f.waitReq(t, "ephemeral follow-up", followup(in)).decode(t)
	if got := num(fu["flags"]); got != 64 {
		t.Errorf("follow-up flags = %d, want 64", got)
	}
	if n := len(h.f.find(edit(in))); n != 0 {
		t.Errorf("the public response was edited %d times with private data", n)
	}
}

func TestMentions(t *testing.T) {
	t.Parallel()
	eng := &engine{reply: func(m bot.Message) bot.Reply {
		if strings.Contains(m.Text, "fed") {
			return bot.Reply{Visibility: bot.Private, Blocks: []bot.Block{{Kind: bot.Text, Text: "Logged: left 15 min"}}}
		}
		return answer(m)
	}}
	h := start(t, eng, Options{Channels: []string{testChan}})

	ignored := messageCreate(testGuild, testChan, "just chatting, no mention")
	question := messageCreate(testGuild, testChan, "<@"+testBot+"> is it normal that   latching hurts?", testBot)
	logEntry := messageCreate(testGuild, testChan, "<@!"+testBot+"> fed left 15 min", testBot)
	elsewhere := messageCreate(testGuild, otherChan, "<@"+testBot+"> hello?", testBot)
	elsewhere2 := messageCreate(testGuild, otherChan, "<@"+testBot+"> anyone?", testBot)
	for _, m := range []map[string]any{ignored, question, logEntry, elsewhere} {
		h.f.dispatch(t, "MESSAGE_CREATE", m)
	}

	posts := func(r request) bool { return r.Method == "POST" && r.Path == "/channels/"+testChan+"/messages" }
	h.f.until(t, "two replies in the allowed channel", func() bool {
		n := 0
		for _, r := range h.f.reqs {
			if posts(r) {
				n++
			}
		}
		return n == 2
	})
	byRef := map[string]map[string]any{}
	for _, r := range h.f.find(posts) {
		m := r.decode(t)
		byRef[fmt.Sprint(obj(m["message_reference"])["message_id"])] = m
		if am := obj(m["allowed_mentions"]); len(list(am["parse"])) != 0 || am["parse"] == nil {
			t.Errorf("reply allows mentions: %v", am)
		}
	}
	ans := byRef[idOf(question)]
	if e := list(ans["embeds"]); len(e) != 1 || obj(e[0])["title"] != "Latch pain" {
		t.Errorf("answer to the mention = %v, want the guide embed", ans)
	}
	priv := byRef[idOf(logEntry)]
	if priv["content"] != textSentPrivately || len(list(priv["embeds"])) != 0 {
		t.Errorf("log reply in a server = %v, want only a note that the reply went by DM", priv)
	}
	// The log reply itself went to the user by direct message.
	logDM := h.f.waitReq(t, "log reply by DM", func(r request) bool {
		return r.Method == "POST" && r.Path == "/channels/dm-"+testUser+"/messages" && len(list(r.decode(t)["embeds"])) > 0
	}).decode(t)
	if len(list(logDM["embeds"])) == 0 {
		t.Errorf("log reply by DM = %v, want the reply's embed", logDM)
	}

	// Outside the allow-list: nothing in that channel, one reminder by DM.
	dm := h.f.waitReq(t, "reminder DM", func(r request) bool {
		return r.Method == "POST" && r.Path == "/channels/dm-"+testUser+"/messages" && r.decode(t)["content"] != nil && r.decode(t)["content"] != ""
	}).decode(t)
	if s := fmt.Sprint(dm["content"]); !strings.Contains(s, "<#"+testChan+">") {
		t.Errorf("reminder = %q, want it to name the allowed channel", s)
	}
	// A second mention there is not reminded again. Events are handled
	// concurrently, so wait for a later event's effect before stopping.
	h.f.dispatch(t, "MESSAGE_CREATE", elsewhere2)
	later := messageCreate("", dmChan, "<@"+testBot+"> thanks")
	h.f.dispatch(t, "MESSAGE_CREATE", later)
	h.f.waitReq(t, "the later DM answer", is("POST", "/channels/"+dmChan+"/messages"))
	h.stop(t)
	if n := len(h.f.find(is("POST", "/channels/"+otherChan+"/messages"))); n != 0 {
		t.Errorf("%d posts in the disallowed channel", n)
	}
	if n := len(h.f.find(is("POST", "/users/@me/channels"))); n != 2 {
		t.Errorf("opened %d DMs, want 2: the log reply and one reminder (rate-limited)", n)
	}
	var texts []string
	for _, m := range h.eng.messages() {
		if m.ID == idOf(later) {
			continue
		}
		if !m.Group || !m.Addressed || m.ChatID != testChan {
			t.Errorf("message %+v: want Group, Addressed, in the allowed channel", m)
		}
		texts = append(texts, m.Text)
	}
	sort.Strings(texts)
	if diff := cmp.Diff([]string{"fed left 15 min", "is it normal that latching hurts?"}, texts); diff != "" {
		t.Errorf("engine texts (-want +got):\n%s", diff)
	}
}

func TestDisallowedChannelSlashCommand(t *testing.T) {
	t.Parallel()
	h := start(t, nil, Options{Channels: []string{otherChan}})
	in := slash("ask", opt("question", 3, "hello"))
	h.f.dispatch(t, "INTERACTION_CREATE", in)
	cb := h.f.waitReq(t, "refusal", callback(in)).decode(t)
	data := obj(cb["data"])
	if num(cb["type"]) != 4 || num(data["flags"]) != 64 {
		t.Errorf("refusal = %v, want an immediate ephemeral message", cb)
	}
	if s := fmt.Sprint(data["content"]); !strings.Contains(s, "<#"+otherChan+">") {
		t.Errorf("refusal = %q, want it to name the allowed channel", s)
	}
	h.stop(t)
	if n := len(h.eng.messages()); n != 0 {
		t.Errorf("engine called %d times for a disallowed channel", n)
	}
}

func TestDirectMessage(t *testing.T) {
	t.Parallel()
	eng := &engine{reply: func(m bot.Message) bot.Reply {
		return bot.Reply{Visibility: bot.Private, Blocks: []bot.Block{{Kind: bot.Text, Text: "Logged: left 15 min"}},
			Buttons: []bot.Button{{Label: "Undo", Data: "undo:7"}}}
	}}
	// An allow-list does not apply to direct messages.
	h := start(t, eng, Options{Channels: []string{testChan}})
	m := messageCreate("", dmChan, "fed left 15 min\nnappy wet")
	h.f.dispatch(t, "MESSAGE_CREATE", m)
	r := h.f.waitReq(t, "DM reply", is("POST", "/channels/"+dmChan+"/messages")).decode(t)
	e := list(r["embeds"])
	if len(e) != 1 || obj(e[0])["description"] != "Logged: left 15 min" {
		t.Errorf("DM reply embeds = %v", e)
	}
	if diff := cmp.Diff([]string{"undo:7"}, customIDs(r["components"])); diff != "" {
		t.Errorf("buttons (-want +got):\n%s", diff)
	}
	if r["message_reference"] != nil {
		t.Errorf("DM reply references the message: %v", r["message_reference"])
	}
	h.stop(t)
	got := h.eng.messages()
	want := []bot.Message{{Platform: bot.Discord, ID: idOf(m), ChatID: dmChan, UserID: testUser,
		Text: "fed left 15 min\nnappy wet", At: fixedNow(), Group: false, Addressed: true}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}

func TestButtons(t *testing.T) {
	t.Parallel()
	eng := &engine{reply: func(m bot.Message) bot.Reply {
		switch m.Action {
		case "undo:1":
			return bot.Reply{Visibility: bot.Private, Blocks: []bot.Block{{Kind: bot.Text, Text: "Removed."}}}
		case "fb:latch-pain:1":
			return bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: "Thanks for telling us."}}}
		}
		return bot.Reply{}
	}}
	h := start(t, eng, Options{})

	// A button under a public answer: acknowledged without touching the
	// message; the reply goes to the presser only.
	fb := press("fb:latch-pain:1", 0)
	h.f.dispatch(t, "INTERACTION_CREATE", fb)
	if got := num(h.f.waitReq(t, "feedback ack", callback(fb)).decode(t)["type"]); got != 6 {
		t.Errorf("feedback callback type = %d, want 6 (deferred update)", got)
	}
	fu := h.f.waitReq(t, "feedback follow-up", followup(fb)).decode(t)
	if num(fu["flags"]) != 64 || obj(list(fu["embeds"])[0])["description"] != "Thanks for telling us." {
		t.Errorf("feedback follow-up = %v, want the ephemeral thanks", fu)
	}

	// Undo under the presser's own ephemeral confirmation updates it.
	undo := press("undo:1", 64)
	h.f.dispatch(t, "INTERACTION_CREATE", undo)
	h.f.waitReq(t, "undo ack", callback(undo))
	up := h.f.waitReq(t, "undo update", edit(undo)).decode(t)
	if obj(list(up["embeds"])[0])["description"] != "Removed." {
		t.Errorf("updated message = %v", up)
	}

	h.stop(t)
	var actions []string
	for _, m := range h.eng.messages() {
		actions = append(actions, m.Action)
		if m.Text != "" || !m.Addressed {
			t.Errorf("button message %+v: want Action only, addressed", m)
		}
	}
	sort.Strings(actions)
	if diff := cmp.Diff([]string{"fb:latch-pain:1", "undo:1"}, actions); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
}

func TestAskAHuman(t *testing.T) {
	t.Parallel()
	h := start(t, nil, Options{HelperRole: testRole})
	first := press("human:latch-pain", 0)
	h.f.dispatch(t, "INTERACTION_CREATE", first)
	cb := h.f.waitReq(t, "deferral", callback(first)).decode(t)
	if num(cb["type"]) != 5 || num(obj(cb["data"])["flags"]) != 64 {
		t.Errorf("ack = %v, want an ephemeral deferral", cb)
	}
	post := h.f.waitReq(t, "helper ping", is("POST", "/channels/"+testChan+"/messages")).decode(t)
	want := "<@&" + testRole + "> <@" + testUser + "> would like a person to follow up about **Latch pain**. Could someone reply here when you can?"
	if post["content"] != want {
		t.Errorf("helper message = %q, want %q", post["content"], want)
	}
	am := obj(post["allowed_mentions"])
	if diff := cmp.Diff(map[string]any{"parse": []any{}, "roles": []any{testRole}, "replied_user": false}, am); diff != "" {
		t.Errorf("allowed mentions (-want +got):\n%s", diff)
	}
	done := h.f.waitReq(t, "confirmation", edit(first)).decode(t)
	if done["content"] != textHumanPosted {
		t.Errorf("confirmation = %q", done["content"])
	}

	// Again within ten minutes: refused ephemerally, nothing posted.
	again := press("human:latch-pain", 0)
	h.f.dispatch(t, "INTERACTION_CREATE", again)
	cb = h.f.waitReq(t, "refusal", callback(again)).decode(t)
	if num(cb["type"]) != 4 || num(obj(cb["data"])["flags"]) != 64 || obj(cb["data"])["content"] != textHumanLimit {
		t.Errorf("second press = %v, want the ephemeral rate-limit note", cb)
	}
	h.stop(t)
	if n := len(h.f.find(is("POST", "/channels/"+testChan+"/messages"))); n != 1 {
		t.Errorf("helpers were pinged %d times, want 1", n)
	}
	if n := len(h.eng.messages()); n != 0 {
		t.Errorf("Ask a human reached the engine %d times", n)
	}
}

func TestOversizeAnswerIsTrimmedWithMoreTips(t *testing.T) {
	t.Parallel()
	var tips []string
	for i := 0; i < 40; i++ {
		tips = append(tips, fmt.Sprintf("Tip %d: %s", i, strings.Repeat("keep going, you are doing well ", 10)))
	}
	eng := &engine{reply: func(bot.Message) bot.Reply {
		return bot.Reply{Topic: "supply", Blocks: []bot.Block{
			{Kind: bot.Title, Title: "Milk supply"},
			{Kind: bot.List, Items: tips},
			{Kind: bot.Footnote, Text: "Ask your health visitor."},
		}, Buttons: []bot.Button{{Label: "More tips", Data: "more:supply"}, {Label: "Helpful", Data: "fb:supply:1"}}}
	}}
	h := start(t, eng, Options{})
	in := slash("ask", opt("question", 3, "how do I increase supply"))
	h.f.dispatch(t, "INTERACTION_CREATE", in)
	ed := h.f.waitReq(t, "trimmed answer", edit(in)).decode(t)
	checkEmbedLimits(t, list(ed["embeds"]))
	ids := customIDs(ed["components"])
	if len(ids) != 2 || !strings.HasPrefix(ids[0], "page:") || ids[1] != "fb:supply:1" {
		t.Fatalf("buttons = %v, want the adapter's More tips then Helpful", ids)
	}
	if got := labels(ed["components"])[0]; got != "More tips" {
		t.Errorf("first button label = %q", got)
	}
	desc := fmt.Sprint(obj(list(ed["embeds"])[0])["description"])
	if !strings.HasPrefix(desc, "• Tip 0:") || !strings.HasSuffix(desc, moreNote) {
		t.Errorf("description starts %.20q and ends %q", desc, desc[max(0, len(desc)-40):])
	}

	// Pressing More tips shows the next page to the presser, and so on;
	// the last page carries the reply's own More tips button.
	seen := strings.Count(desc, "• Tip ")
	next := ids[0]
	for page := 0; next != "" && page < 10; page++ {
		press := press(next, 0)
		h.f.dispatch(t, "INTERACTION_CREATE", press)
		cb := h.f.waitReq(t, "page", callback(press)).decode(t)
		data := obj(cb["data"])
		if num(cb["type"]) != 4 || num(data["flags"]) != 64 {
			t.Fatalf("page answer = %v, want an ephemeral message", cb)
		}
		checkEmbedLimits(t, list(data["embeds"]))
		seen += strings.Count(fmt.Sprint(obj(list(data["embeds"])[0])["description"]), "• Tip ")
		next = ""
		for _, id := range customIDs(data["components"]) {
			if strings.HasPrefix(id, "page:") {
				next = id
			} else if id != "more:supply" {
				t.Errorf("page button %q", id)
			}
		}
	}
	if seen != len(tips) {
		t.Errorf("tips shown across pages = %d, want %d", seen, len(tips))
	}

	expired := press("page:000000000000:0", 0)
	h.f.dispatch(t, "INTERACTION_CREATE", expired)
	if got := obj(h.f.waitReq(t, "expired page", callback(expired)).decode(t)["data"])["content"]; got != textExpired {
		t.Errorf("expired page answer = %v", got)
	}
}

// checkEmbedLimits fails when recorded embeds break Discord's limits.
func checkEmbedLimits(t *testing.T, embeds []any) {
	t.Helper()
	if len(embeds) > maxEmbeds {
		t.Errorf("%d embeds", len(embeds))
	}
	total := 0
	for _, x := range embeds {
		e := obj(x)
		for _, c := range []struct {
			what string
			s    string
			max  int
		}{
			{"title", fmt.Sprint(e["title"]), maxTitle},
			{"description", fmt.Sprint(e["description"]), maxDesc},
			{"footer", fmt.Sprint(obj(e["footer"])["text"]), maxFooter},
		} {
			if c.s == "<nil>" {
				continue
			}
			if rtext.Len(c.s) > c.max {
				t.Errorf("%s is %d long, limit %d", c.what, rtext.Len(c.s), c.max)
			}
			total += rtext.Len(c.s)
		}
		for _, f := range list(e["fields"]) {
			total += rtext.Len(fmt.Sprint(obj(f)["name"])) + rtext.Len(fmt.Sprint(obj(f)["value"]))
		}
	}
	if total > maxEmbedTotal {
		t.Errorf("embeds total %d, limit %d", total, maxEmbedTotal)
	}
}

func TestReconnectResumes(t *testing.T) {
	t.Parallel()
	h := start(t, nil, Options{})
	h.f.until(t, "a heartbeat", func() bool { return len(h.f.frames) > 1 })
	h.f.dispatch(t, "INTERACTION_CREATE", slash("topics"))
	h.f.drop(t)

	h.f.until(t, "a RESUME", func() bool {
		for _, fr := range h.f.frames {
			if fr.Op == 6 {
				return true
			}
		}
		return false
	})
	var resume struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(h.f.framesWithOp(6)[0].D, &resume); err != nil {
		t.Fatal(err)
	}
	if resume.SessionID != sessionID || resume.Seq < 2 || resume.Token != "Bot "+testToken {
		t.Errorf("RESUME = session %q seq %d, want session %q and the last sequence", resume.SessionID, resume.Seq, sessionID)
	}

	// Events on the resumed session are handled.
	in := slash("help")
	h.f.dispatch(t, "INTERACTION_CREATE", in)
	h.f.waitReq(t, "answer after reconnect", edit(in))
	eventually(t, "Ready after the reconnect", h.a.Ready)
	if err := h.stop(t); err != nil {
		t.Errorf("Run: %v", err)
	}
	if n := len(h.f.framesWithOp(2)); n != 1 {
		t.Errorf("IDENTIFY sent %d times, want 1 (then RESUME)", n)
	}
}

func TestGracefulShutdownFinishesInFlight(t *testing.T) {
	t.Parallel()
	eng := &engine{hold: make(chan struct{}), entered: make(chan struct{}, 1)}
	h := start(t, eng, Options{})
	eventually(t, "Ready", h.a.Ready)
	in := slash("today")
	h.f.dispatch(t, "INTERACTION_CREATE", in)
	<-eng.entered

	h.cancel()
	// The gateway closes cleanly while the interaction is still in flight.
	h.f.until(t, "the client to close the gateway", func() bool {
		g := h.f.conns[len(h.f.conns)-1]
		return g.closed
	})
	select {
	case err := <-h.done:
		t.Fatalf("Run returned (%v) with an interaction in flight", err)
	default:
	}
	h.f.mu.Lock()
	clean := h.f.conns[len(h.f.conns)-1].clean
	h.f.mu.Unlock()
	if !clean {
		t.Errorf("gateway closed without a close frame")
	}
	close(eng.hold)
	if err := h.stop(t); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if n := len(h.f.find(edit(in))); n != 1 {
		t.Errorf("in-flight answer sent %d times before Run returned, want 1", n)
	}
	eng.mu.Lock()
	defer eng.mu.Unlock()
	if eng.ctxErr != nil {
		t.Errorf("the in-flight engine call saw its context end: %v", eng.ctxErr)
	}
	if h.a.Ready() {
		t.Errorf("Ready after shutdown")
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	t.Parallel()
	h := start(t, nil, Options{})
	// Two 500s, then success: the reply arrives on the third attempt.
	h.f.failNext("POST", "/channels/"+dmChan+"/messages", 500, 2)
	h.f.dispatch(t, "MESSAGE_CREATE", messageCreate("", dmChan, "latch hurts"))
	h.f.until(t, "three attempts", func() bool {
		n := 0
		for _, r := range h.f.reqs {
			if r.Path == "/channels/"+dmChan+"/messages" {
				n++
			}
		}
		return n == 3
	})

	// Always failing: bounded attempts, then a log line with the channel
	// id and no secrets (the cleanup checks the logs for tokens).
	const failing = "700000000000000301"
	h.f.failNext("POST", "/channels/"+failing+"/messages", 503, 100)
	h.f.dispatch(t, "MESSAGE_CREATE", messageCreate("", failing, "latch hurts"))
	h.f.until(t, "every attempt", func() bool {
		n := 0
		for _, r := range h.f.reqs {
			if r.Path == "/channels/"+failing+"/messages" {
				n++
			}
		}
		return n == restAttempts
	})
	h.stop(t) // waits for the in-flight reply, and so for its log line
	if n := len(h.f.find(is("POST", "/channels/"+failing+"/messages"))); n != restAttempts {
		t.Errorf("attempts = %d, want %d", n, restAttempts)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, "reply failed") || !strings.Contains(logs, "channel="+failing) || !strings.Contains(logs, "status=503") {
		t.Errorf("logs lack the failed reply with its channel:\n%s", logs)
	}
	if strings.Contains(logs, "latch hurts") {
		t.Errorf("logs contain message text:\n%s", logs)
	}
}

func TestReadyFollowsTheGateway(t *testing.T) {
	t.Parallel()
	h := start(t, nil, Options{})
	eventually(t, "Ready", h.a.Ready)
	h.stop(t)
	if h.a.Ready() {
		t.Errorf("Ready after Run returned")
	}
	// Run may be called again after it returned (serve retries an adapter
	// that could not connect, TestRunAgainAfterStop), but not while it runs.
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- h.a.Run(ctx) }()
	eventually(t, "Ready again", h.a.Ready)
	if err := h.a.Run(t.Context()); err == nil {
		t.Errorf("a second Run at the same time succeeded")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run again: %v", err)
	}
}

func TestRunFailsClearly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		method, path string
		status       int
		wantErr      string
	}{
		{"gateway refuses the token", "GET", "/gateway", 401, "open gateway: HTTP 401"},
		{"every registration fails", "PUT", "/applications/", 403, "register commands: HTTP 403"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.failNext(tc.method, tc.path, tc.status, 100)
			a, err := New(&engine{}, nil, Options{Token: testToken, APIBase: f.srv.URL, GuildIDs: []string{testGuild}})
			if err != nil {
				t.Fatal(err)
			}
			err = a.Run(t.Context())
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Run = %v, want an error with %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error shows the token: %v", err)
			}
			if a.Ready() {
				t.Errorf("Ready after a failed Run")
			}
		})
	}
}

func TestBlankReplyRemovesThePlaceholder(t *testing.T) {
	t.Parallel()
	eng := &engine{reply: func(bot.Message) bot.Reply {
		return bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: " \u200b "}}}
	}}
	h := start(t, eng, Options{})
	in := slash("help")
	h.f.dispatch(t, "INTERACTION_CREATE", in)
	h.f.waitReq(t, "placeholder deleted", is("DELETE", "/webhooks/"+testApp+"/"+tokenOf(in)+"/messages/@original"))
	h.stop(t)
	if n := len(h.f.find(edit(in))); n != 0 {
		t.Errorf("an empty message was sent %d times", n)
	}
}
