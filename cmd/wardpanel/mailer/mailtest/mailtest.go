// Package mailtest is a real SMTP server for tests (emersion/go-smtp) on
// 127.0.0.1: STARTTLS with a certificate of the test's own, AUTH PLAIN
// when asked, and every message it takes on a channel. Only tests import
// it, so the server's binary does not carry go-smtp.
package mailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one message as the server took it.
type Message struct {
	From, To string // the envelope
	TLS      bool   // taken over STARTTLS
	Header   mail.Header
	Subject  string // decoded
	Body     string // decoded from quoted-printable, LF line ends
}

// Options says what the server asks of its clients.
type Options struct {
	// TLS, if set, is offered with STARTTLS.
	TLS *tls.Config
	// User and Password, if User is set, are required (AUTH PLAIN)
	// before a message is taken.
	User, Password string
}

// Server is a running test mail server.
type Server struct {
	Addr string
	// Got receives each message taken (buffered; a test reads them).
	Got chan Message
	srv *smtp.Server
}

// Start listens on addr ("127.0.0.1:0" for any port) until Close or the
// end of the test.
func Start(t testing.TB, addr string, opts Options) *Server {
	t.Helper()
	s := &Server{Got: make(chan Message, 32)}
	s.srv = smtp.NewServer(backend{s, opts})
	s.srv.Domain = "127.0.0.1"
	s.srv.TLSConfig = opts.TLS
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = l.Addr().String()
	go func() { _ = s.srv.Serve(l) }()
	t.Cleanup(s.Close)
	return s
}

// Close stops the server: from then on its address refuses connections.
func (s *Server) Close() { _ = s.srv.Close() }

type backend struct {
	s    *Server
	opts Options
}

func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{s: b.s, opts: b.opts, conn: c}, nil
}

type session struct {
	s        *Server
	opts     Options
	conn     *smtp.Conn
	authed   bool
	from, to string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if s.opts.User == "" || user != s.opts.User || pass != s.opts.Password {
			return errors.New("bad credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.opts.User != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = to; return nil }

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	body, err := io.ReadAll(msg.Body)
	if err != nil {
		return err
	}
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		if body, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body))); err != nil {
			return err
		}
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return err
	}
	_, isTLS := s.conn.TLSConnectionState()
	s.s.Got <- Message{From: s.from, To: s.to, TLS: isTLS, Header: msg.Header, Subject: subject,
		Body: strings.ReplaceAll(string(body), "\r\n", "\n")}
	return nil
}

func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }

// SelfSigned makes a certificate for 127.0.0.1: the server's TLS
// configuration, and a client's that trusts it and nothing else.
func SelfSigned(t testing.TB) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test mail server"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}}, MinVersion: tls.VersionTLS12},
		&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
}
