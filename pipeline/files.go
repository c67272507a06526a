package pipeline

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile writes path through a temporary file beside it, so that a
// failed or interrupted export never leaves half a file under the name asked
// for. With noClobber the finished file is hard-linked to path, which fails,
// atomically, when path exists (also when it came into being during the
// write); otherwise it is renamed over path.
func WriteFile(path string, noClobber bool, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("export: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	// CreateTemp makes files only their owner can read; an export is made to
	// be shared, like any file the user writes.
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if noClobber {
		if err := os.Link(f.Name(), path); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("export: %s already exists: remove it first or give another -o", path)
			}
			return fmt.Errorf("export: %w", err)
		}
		return nil // the deferred Remove drops the temporary name
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
