package pipeline

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile writes path through a temporary file beside it (WriteFiles with
// one path).
func WriteFile(path string, noClobber bool, write func(io.Writer) error) error {
	return WriteFiles([]string{path}, noClobber, func(ws []io.Writer) error { return write(ws[0]) })
}

// WriteFiles writes each path through a temporary file in its directory,
// put in place only when write has succeeded for all of them: a failed or
// interrupted export never leaves half a file, or one file of two, under the
// names asked for. With noClobber each finished file is hard-linked to its
// path, which fails, atomically, when the path exists (also when it came
// into being during the write); otherwise it is renamed over it.
func WriteFiles(paths []string, noClobber bool, write func([]io.Writer) error) error {
	var files []*os.File
	defer func() {
		for _, f := range files {
			f.Close()
			os.Remove(f.Name()) // after a link, drops the temporary name
		}
	}()
	ws := make([]io.Writer, len(paths))
	for i, path := range paths {
		f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		files = append(files, f)
		ws[i] = f
	}
	if err := write(ws); err != nil {
		return err
	}
	for _, f := range files {
		if err := f.Sync(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		// CreateTemp makes files only their owner can read; an export is
		// made to be shared, like any file the user writes.
		if err := os.Chmod(f.Name(), 0o644); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	for i, f := range files {
		if !noClobber {
			if err := os.Rename(f.Name(), paths[i]); err != nil {
				return fmt.Errorf("export: %w", err)
			}
			continue
		}
		if err := os.Link(f.Name(), paths[i]); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("export: %s already exists: remove it first or give another -o", paths[i])
			}
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}
