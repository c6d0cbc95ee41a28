package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
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

// authenticate checks a request's bearer token.
func authenticate(ctx context.Context, a Authenticator, h http.Header) (Principal, error) {
	token := bearer(h)
	if token == "" {
		return Principal{}, connect.NewError(connect.CodeUnauthenticated, errors.New("缺少令牌（missing bearer token: Authorization: Bearer …）"))
	}
	p, err := a.Authenticate(ctx, token)
	if err != nil {
		return Principal{}, connect.NewError(connect.CodeUnauthenticated, fmt.Errorf("令牌无效（invalid bearer token）: %w", err))
	}
	return p, nil
}

// authMiddleware authenticates every request before anything reads its
// body, so that an unauthenticated caller costs no decompression or
// decoding, and puts the principal in the request's context.
func authMiddleware(a Authenticator, next http.Handler) http.Handler {
	ew := connect.NewErrorWriter()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := authenticate(r.Context(), a, r.Header)
		if err != nil {
			_ = ew.Write(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
	})
}

// authInterceptor makes sure every call carries a principal: the one
// authMiddleware found, or, for a handler mounted without it, one
// authenticated here.
func authInterceptor(a Authenticator) connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			if _, ok := PrincipalFrom(ctx); ok {
				return next(ctx, req)
			}
			p, err := authenticate(ctx, a, req.Header())
			if err != nil {
				return nil, err
			}
			return next(context.WithValue(ctx, principalKey{}, p), req)
		}
	}
}
