package feedlog

import "errors"

// Errors a store returns and the engine branches on.
var (
	// ErrBadCode: a share code that does not exist, was used or expired.
	ErrBadCode = errors.New("feedlog: share code not valid")
	// ErrSoleMember: leaving would orphan the household's log.
	ErrSoleMember = errors.New("feedlog: the only member of the household")
	// ErrNoBaby: an entry names a baby that is not in the household.
	ErrNoBaby = errors.New("feedlog: no such baby in the household")
)
