package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"connectrpc.com/connect"
)

// Principal is an authenticated caller: a subject for the audit trail and the
// organisation subtree it may see and change.
type Principal struct {
	// Subject names the caller in the audit trail, e.g. "oa:czj".
	Subject string
	// Root is the organisation whose subtree the caller may see and change;
	// empty means everything (the 机关工委).
	Root string
}

// All reports whether the principal sees every organisation.
func (p Principal) All() bool { return p.Root == "" }

// Authenticator turns a request's bearer token into a Principal.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (Principal, error)
}

// StaticTokens authenticates against a fixed table of tokens, compared in
// constant time. It suits a small deployment configured by file or
// environment.
type StaticTokens map[string]Principal

// Authenticate implements Authenticator.
func (s StaticTokens) Authenticate(_ context.Context, token string) (Principal, error) {
	for t, p := range s {
		if subtle.ConstantTimeCompare([]byte(t), []byte(token)) == 1 {
			return p, nil
		}
	}
	return Principal{}, errors.New("unknown token")
}

type principalKey struct{}

// PrincipalFrom returns the caller of a request handled by the server.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

func bearer(h http.Header) string {
	v := h.Get("Authorization")
	if t, ok := strings.CutPrefix(v, "Bearer "); ok {
		return strings.TrimSpace(t)
	}
	return ""
}

// authInterceptor authenticates every call and puts the principal in the
// context.
func authInterceptor(a Authenticator) connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			token := bearer(req.Header())
			if token == "" {
				return nil, connect.NewError(connect.CodeUnauthenticated, errors.New("missing bearer token (Authorization: Bearer …)"))
			}
			p, err := a.Authenticate(ctx, token)
			if err != nil {
				return nil, connect.NewError(connect.CodeUnauthenticated, err)
			}
			return next(context.WithValue(ctx, principalKey{}, p), req)
		}
	}
}
