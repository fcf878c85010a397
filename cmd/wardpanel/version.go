package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"wardpanel/store"
)

// version is the release, set when a release is built:
//
//	go build -ldflags "-X main.version=v1.2.0" ./cmd/wardpanel
//
// Left empty, it is the module version Go records in the binary (go
// install …/cmd/wardpanel@v1.2.0 records v1.2.0; a build from a clone
// records a pseudo-version from its commit, or (devel)).
var version string

// buildInfo is what `wardpanel version` prints. Only the operator sees it:
// over SSH wardpanel names itself and nothing more.
type buildInfo struct {
	Version  string
	Commit   string
	Time     string // of the commit
	Modified bool   // built from a work tree with changes not committed
	Go       string
	Schema   int
}

func readBuildInfo() buildInfo {
	b := buildInfo{Version: version, Go: runtime.Version(), Schema: store.CurrentSchema}
	info, ok := debug.ReadBuildInfo()
	if ok {
		if b.Version == "" {
			b.Version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Commit = s.Value
			case "vcs.time":
				b.Time = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	if b.Version == "" {
		b.Version = "(devel)"
	}
	return b
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "wardpanel version: unexpected argument %q\n", args[0])
		return 2
	}
	b := readBuildInfo()
	commit := b.Commit
	switch {
	case commit == "":
		commit = "unknown (built without version control information)"
	case b.Modified:
		commit += " with changes not committed"
	}
	if b.Time != "" {
		commit += " (" + b.Time + ")"
	}
	fmt.Fprintf(stdout, "wardpanel %s\ncommit  %s\ngo      %s %s/%s\nschema  %d (opens data files of schema 1 to %d; older ones are migrated, after a copy)\n",
		b.Version, commit, b.Go, runtime.GOOS, runtime.GOARCH, b.Schema, b.Schema)
	return 0
}
