package sqlstore

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
)

// The database holds parents' feed logs: only the bot's own user may read
// it. SQLite gives its -wal and -shm files the database file's mode.
const dbPerm = 0o600

// createPrivate makes sure path exists with mode 0600 when it is new (an
// empty file is an empty SQLite database). An existing file keeps its
// mode; warnReadable reports it.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, dbPerm)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// warnReadable logs a warning when the database at path can be read by
// other users of the machine (group or world).
func warnReadable(log *slog.Logger, path string) {
	info, err := os.Stat(path)
	if err != nil {
		return
	}
	if perm := info.Mode().Perm(); perm&0o044 != 0 {
		log.Warn("feedlog: the database is readable by other users of this machine; run chmod 600 on it",
			slog.String("path", path), slog.String("mode", fmt.Sprintf("%04o", perm)))
	}
}
