package bot

import "nursling/bot/chat"

// The platform-neutral types live in package chat, shared with the feed
// log; these aliases keep the engine's API (bot.Message, bot.Reply, ...)
// as adapters know it.
type (
	Platform    = chat.Platform
	Message     = chat.Message
	Reply       = chat.Reply
	Visibility  = chat.Visibility
	BlockKind   = chat.BlockKind
	Block       = chat.Block
	Link        = chat.Link
	Button      = chat.Button
	Attachment  = chat.Attachment
	UserError   = chat.UserError
	CommandInfo = chat.CommandInfo
)

// Platforms, visibilities and block kinds, as in package chat.
const (
	Console  = chat.Console
	Telegram = chat.Telegram
	Discord  = chat.Discord

	Public  = chat.Public
	Private = chat.Private

	Text     = chat.Text
	Title    = chat.Title
	List     = chat.List
	Urgent   = chat.Urgent
	Sources  = chat.Sources
	Footnote = chat.Footnote
	Pre      = chat.Pre
)

// Userf returns a UserError with a formatted public text and no cause.
func Userf(format string, args ...any) error { return chat.Userf(format, args...) }

// UserWrap returns a UserError showing public and carrying err for the log.
func UserWrap(public string, err error) error { return chat.UserWrap(public, err) }
