package crawler

import (
	"errors"
	"testing"
)

func TestNew_seeds(t *testing.T) {
	f, s := NewMemoryFrontier(), &linkSink{}
	if _, err := New(Config{}, f, s); !errors.Is(err, ErrNoSeeds) {
		t.Errorf("no seeds: %v", err)
	}
	if _, err := New(Config{Seeds: []string{"mailto:info@example.org"}}, f, s); !errors.Is(err, ErrNoSeeds) || !errors.Is(err, ErrNotHTTP) {
		t.Errorf("only a bad seed: %v", err)
	}
	cr, err := New(Config{Seeds: []string{"javascript:void(0)", "http://127.0.0.1:9/"}}, f, s)
	if err != nil {
		t.Fatalf("one good seed: %v", err)
	}
	if len(cr.cfg.Seeds) != 1 || cr.cfg.Parallel != DefaultParallel || cr.cfg.Delay != 0 || cr.cfg.MaxBodySize != DefaultMaxBodySize {
		t.Errorf("config %+v", cr.cfg)
	}
}

func TestNew_enumerateNeedsBothHooks(t *testing.T) {
	cfg := Config{Seeds: []string{"http://127.0.0.1:9/"}, Enumerate: &Enumeration{Classify: testPosts.Classify}}
	if _, err := New(cfg, NewMemoryFrontier(), &linkSink{}); err == nil {
		t.Error("an Enumerate without URLs accepted")
	}
	cfg.Enumerate = testPosts
	if _, err := New(cfg, NewMemoryFrontier(), &linkSink{}); err != nil {
		t.Errorf("an Enumerate with both hooks: %v", err)
	}
}

func TestDefaultConfig(t *testing.T) {
	cfg := DefaultConfig("https://hewariraq.com/")
	if cfg.Delay != DefaultDelay || cfg.Parallel != DefaultParallel || cfg.UserAgent != DefaultUserAgent ||
		cfg.MaxBodySize != DefaultMaxBodySize || cfg.Retries != DefaultRetries || len(cfg.Seeds) != 1 {
		t.Errorf("DefaultConfig = %+v", cfg)
	}
}

func TestHostPattern(t *testing.T) {
	tests := []struct {
		key, host string
		want      bool
	}{
		{"hewariraq.com", "hewariraq.com", true},
		{"hewariraq.com", "www.hewariraq.com", true},
		{"hewariraq.com", "HewarIraq.com:443", true},
		{"hewariraq.com", "evilhewariraq.com", false},
		{"hewariraq.com", "hewariraq.com.evil", false},
		{"127.0.0.1:8080", "127.0.0.1:8080", true},
		{"127.0.0.1:8080", "127.0.0.1:8081", false},
		{"[::1]:8080", "[::1]:8080", true},
	}
	for _, tt := range tests {
		if got := matchHost(hostPattern(tt.key), tt.host); got != tt.want {
			t.Errorf("hostPattern(%q) matches %q: %v, want %v", tt.key, tt.host, got, tt.want)
		}
	}
}
