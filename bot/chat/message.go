// Package chat holds the platform-neutral types every part of Nursling
// speaks: a Message in, a Reply out, the commands a platform lists, and the
// UserError whose text a parent may see. It has no dependencies, so the
// engine, the feed log and the adapters can all share it.
package chat

import "time"

// Platform names where a message came from. Adapters set it; the engine uses
// it for idempotency keys, metrics and small wording differences.
type Platform string

const (
	Console  Platform = "console"
	Telegram Platform = "telegram"
	Discord  Platform = "discord"
)

// Message is one platform-neutral input to the engine: a text a person typed,
// a command, or a button they pressed. Adapters build it from their SDK's
// update type; raw platform types never reach the engine.
type Message struct {
	Platform Platform
	// ID is the platform's id of this message (or interaction). Together with
	// Platform and ChatID it makes redelivered messages idempotent.
	ID string
	// ChatID identifies the conversation the reply goes to.
	ChatID string
	// UserID identifies the person on this platform. It is never logged in
	// clear and never shown to other users.
	UserID string
	// Text is what the user typed, commands included ("/ask how often").
	// Adapters strip a leading bot mention and "@BotName" command suffixes.
	Text string
	// Action is the payload of a pressed button (Button.Data), empty for a
	// typed message. When Action is set, Text is ignored.
	Action string
	// At is when the platform says the message was sent.
	At time.Time
	// Group is true in group chats and server channels, where feed-log data
	// must never be shown publicly.
	Group bool
	// Addressed is true when the bot was spoken to directly: a private chat,
	// a command, a mention or a reply to the bot. In a group the engine stays
	// silent for messages that are not addressed.
	Addressed bool
}

// CommandInfo describes one chat command for /help and the platforms'
// command menus (Telegram setMyCommands, Discord slash commands).
type CommandInfo struct {
	Name        string // without the slash: "ask"
	Args        string // usage hint: "<question>"
	Description string // one line, under 100 characters
	// Log marks feed-log commands: their replies are private in groups.
	Log bool
}
