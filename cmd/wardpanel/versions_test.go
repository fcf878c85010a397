package main

import (
	"debug/buildinfo"
	"testing"

	"golang.org/x/mod/semver"
)

// TestSecurityFixesStayIn holds the server's SSH stack at or above the
// versions that carry the fixes we rely on (a pre-auth panic that killed the
// server, a stale user across auth attempts, no handshake timeout). The
// vulnerability database is out of reach from CI, so this is the guard.
// It reads the real binary: a test binary records no dependencies.
func TestSecurityFixesStayIn(t *testing.T) {
	floors := map[string]string{
		"golang.org/x/crypto": "v0.58.0",
		"charm.land/ssh":      "v0.4.3",
		"charm.land/wish/v2":  "v2.0.3",
	}
	info, err := buildinfo.ReadFile(wardpanelBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	linked := map[string]string{}
	for _, m := range info.Deps {
		if m.Replace != nil {
			m = m.Replace
		}
		linked[m.Path] = m.Version
	}
	for path, floor := range floors {
		got, ok := linked[path]
		switch {
		case !ok:
			t.Errorf("%s is not linked into wardpanel", path)
		case semver.Compare(got, floor) < 0:
			t.Errorf("%s is %s, below %s, which carries the fixes", path, got, floor)
		}
	}
}
