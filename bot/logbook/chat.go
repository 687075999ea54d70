package logbook

import "nursling/bot/chat"

// Short names for the chat types the feed log builds replies from.
type (
	Message     = chat.Message
	Reply       = chat.Reply
	Block       = chat.Block
	Button      = chat.Button
	Attachment  = chat.Attachment
	CommandInfo = chat.CommandInfo
)

const (
	Private  = chat.Private
	Text     = chat.Text
	Title    = chat.Title
	List     = chat.List
	Pre      = chat.Pre
	Footnote = chat.Footnote
	Public   = chat.Public
	Telegram = chat.Telegram
	Discord  = chat.Discord
	Console  = chat.Console
)

// Userf and UserWrap are chat's user-facing errors.
func Userf(format string, args ...any) error  { return chat.Userf(format, args...) }
func UserWrap(public string, err error) error { return chat.UserWrap(public, err) }
func textReply(s string) Reply                { return Reply{Blocks: []Block{{Kind: Text, Text: s}}} }
