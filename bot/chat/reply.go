package chat

// Reply is the engine's platform-neutral answer. Adapters render its blocks
// in order (Telegram HTML, Discord embeds, plain terminal text), attach its
// files and buttons, and honour its visibility. The zero Reply means "say
// nothing" (for example unaddressed chatter in a group).
type Reply struct {
	Blocks      []Block
	Buttons     []Button
	Attachments []Attachment
	// Urgent is set when the reply leads with a get-care-now block.
	Urgent bool
	// Visibility says who may see the reply. Private replies in a group go
	// to the user privately (Telegram DM, Discord ephemeral), never to the
	// group.
	Visibility Visibility
	// Topic is the guide topic the reply answers ("" for none); adapters
	// may use it as an embed anchor, the engine uses it for feedback.
	Topic string
}

// Empty reports whether there is nothing to send.
func (r Reply) Empty() bool {
	return len(r.Blocks) == 0 && len(r.Attachments) == 0
}

// Visibility of a reply.
type Visibility int

const (
	// Public replies go to the chat the message came from.
	Public Visibility = iota
	// Private replies go only to the user who sent the message.
	Private
)

// BlockKind says how a block should be rendered.
type BlockKind int

const (
	// Text is a plain paragraph.
	Text BlockKind = iota
	// Title is a heading (an article title).
	Title
	// List is a bullet list in Items.
	List
	// Urgent is the get-care-now block: rendered first and prominently
	// (Telegram bold with a warning sign, Discord a red embed).
	Urgent
	// Sources lists the article's sources as Links.
	Sources
	// Footnote is the closing consult-a-professional line and similar small
	// print.
	Footnote
	// Pre is preformatted text (tables of the feed log); rendered in a
	// monospace font where the platform allows.
	Pre
)

// Block is one piece of a reply. All strings are plain text: adapters escape
// them for their markup; the engine never emits markup.
type Block struct {
	Kind  BlockKind
	Title string
	Text  string
	Items []string
	Links []Link
}

// Link is a titled URL (an article's source).
type Link struct {
	Title string
	URL   string
}

// Button is an inline button. Data comes back as Message.Action when pressed;
// it is at most 64 bytes (Telegram's callback_data limit) and carries no
// personal data.
type Button struct {
	Label string
	Data  string
}

// Attachment is a file sent with a reply: the week chart (an image) or an
// export (a document).
type Attachment struct {
	Name  string // file name, e.g. "week.png"
	MIME  string // "image/png", "text/csv"
	Data  []byte
	Image bool // true for pictures (sent as photo/embed image), else a document
}
