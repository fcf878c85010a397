package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/sshd"
)

// `wardpanel init` makes a data folder someone can get into: the host
// key, the first admin's ward and agency, and the admin with their key.
// From there the admin enrols everyone else, over SSH (ssh host invite …)
// or on the server.

const initUsage = "wardpanel init --admin NAME --key FILE --agency CODE --ward CODE --ward-name NAME [--agency-name NAME] [--data DIR]"

// hostKeyPath is where the server's SSH host key is kept.
func hostKeyPath(dir string) string { return filepath.Join(dir, "host_ed25519") }

func runInit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dirFlag := fs.String("data", "", "")
	admin := fs.String("admin", "", "")
	keyArg := fs.String("key", "", "")
	agency := fs.String("agency", "", "")
	agencyName := fs.String("agency-name", "", "")
	ward := fs.String("ward", "", "")
	wardName := fs.String("ward-name", "", "")
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(stderr, "wardpanel init: "+format+"\n", a...)
		return code
	}
	if err := fs.Parse(args); err != nil {
		return fail(2, "%s (usage: %s)", err, initUsage)
	}
	if fs.NArg() > 0 {
		return fail(2, "unexpected argument %q (usage: %s)", fs.Arg(0), initUsage)
	}
	for _, f := range []struct{ name, value, why string }{
		{"admin", *admin, "the first admin's name"},
		{"key", *keyArg, "their SSH public key, or its .pub file"},
		{"agency", *agency, `the admin's agency code, e.g. "council"`},
		{"ward", *ward, "the ward's ONS code, e.g. E05009367; an admin belongs to a ward"},
		{"ward-name", *wardName, "the ward's name"},
	} {
		if strings.TrimSpace(f.value) == "" {
			return fail(2, "--%s is required: %s (usage: %s)", f.name, f.why, initUsage)
		}
	}
	dir := dataDir(*dirFlag)
	file := filepath.Join(dir, store.FileName)
	if _, err := os.Stat(file); err == nil {
		return fail(1, "%s already has a data file; init only makes a new one (add people with wardpanel user add or wardpanel invite)", dir)
	}
	keyText, err := keyFileContent(*keyArg)
	if err != nil {
		return fail(2, "%s", err)
	}
	key, err := model.ParseKey(keyText)
	if err != nil {
		return fail(2, "--key: %s", err)
	}
	w := model.Ward{Code: *ward, Name: *wardName}
	a := model.Agency{Code: *agency, Name: *agencyName}
	u := model.User{Name: *admin, Agency: *agency, Role: model.RoleAdmin, Wards: []string{*ward}, Keys: []model.Key{key}}
	// Everything is checked before the folder is touched.
	for _, v := range []interface{ Validate() error }{&w, &a, &u} {
		if err := v.Validate(); err != nil {
			return fail(2, "%s", err)
		}
	}

	u, err = createFirstAdmin(dir, w, a, u)
	if err != nil {
		return fail(1, "%s", err)
	}
	made, err := ensureHostKey(hostKeyPath(dir))
	if err != nil {
		return fail(1, "host key: %s", err)
	}
	fp, err := sshd.HostKeyFingerprint(hostKeyPath(dir))
	if err != nil {
		return fail(1, "%s", err)
	}
	hostNote := "made"
	if !made {
		hostNote = "kept, as it was already there"
	}
	fmt.Fprintf(stdout, `Made %s:
  ward      %s (%s)
  agency    %s (%s)
  admin     %s with key %s
  host key  %s (%s)

Give users the host key fingerprint: their SSH client shows it on the first
connection, and they should connect only if it matches.

Start the server with wardpanel serve --data %s --addr :23234 (or through
the systemd unit: wardpanel service-unit). %s then connects with that key
and invites the others: ssh -p 23234 HOST invite --name … --agency … --role … --ward %s
`, dir, w.Code, model.CleanLine(w.Name, model.MaxNameLen), a.Code, model.CleanLine(a.Name, model.MaxNameLen), model.CleanLine(u.Name, model.MaxNameLen),
		key.Fingerprint, fp, hostNote, dir, model.CleanLine(u.Name, model.MaxNameLen), w.Code)
	return 0
}

// createFirstAdmin writes the new data file with the ward, the agency and
// the admin; if any of it fails, the file is removed again, so the
// folder is left as empty as it was.
func createFirstAdmin(dir string, w model.Ward, a model.Agency, u model.User) (model.User, error) {
	st, err := store.Open(dir, store.Options{LockTimeout: lockProbe})
	if err != nil {
		return u, err
	}
	if _, err = st.AddWard(model.Operator, w); err == nil {
		if _, err = st.PutAgency(model.Operator, a); err == nil {
			u, err = st.AddUser(model.Operator, u)
		}
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(filepath.Join(dir, store.FileName))
	}
	return u, err
}

// ensureHostKey makes an Ed25519 host key at path, mode 0600, with its
// .pub beside it, unless one is there already (a restored folder keeps
// its key, so users' clients still recognise the server).
func ensureHostKey(path string) (made bool, err error) {
	if _, err := os.Stat(path); err == nil {
		return false, nil
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return false, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "wardpanel host key")
	if err != nil {
		return false, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return false, err
	}
	_, err = f.Write(pem.EncodeToMemory(block))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return false, err
	}
	sshPub, err := gossh.NewPublicKey(pub)
	if err != nil {
		return false, err
	}
	if err := os.WriteFile(path+".pub", gossh.MarshalAuthorizedKey(sshPub), 0o644); err != nil {
		return false, err
	}
	return true, nil
}

// needsInit refuses to serve a folder with no data file (without --demo):
// nobody would be able to get in.
func needsInit(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s has no data file, so nobody could connect: run %s first "+
			"(or serve --demo to try wardpanel with a fictional ward)", dir, strings.Replace(initUsage, "[--data DIR]", "--data "+dir, 1))
	}
	return nil
}
