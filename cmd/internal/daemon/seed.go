package daemon

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"

	"connectrpc.com/connect"

	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

// seedActor names zerend's seeding in the audit log.
const seedActor = "zerend:seed-sample"

// seed loads 示例市 when the store holds no structure: the framework and
// the structure through Server.LoadStructure, then the plan (decomposed)
// and the indicator system with its triggers through the handler itself,
// in process, so that they are stored exactly as a client's calls would
// store them. A service this server does not offer yet is skipped with a
// log line.
func seed(ctx context.Context, log *slog.Logger, st server.Store, srv *server.Server, h http.Handler, auth *seedAuth) error {
	page, err := st.List(ctx, server.KindStructure, server.ListQuery{PageSize: 1})
	if err != nil {
		return err
	}
	if len(page.Records) > 0 {
		log.Info("store already holds a structure: 示例市 not seeded")
		return nil
	}
	if err := srv.LoadStructure(ctx, seedActor, frameworks.SanjiWugang(), sample.Structure()); err != nil {
		return err
	}
	log.Info("seeded 示例市: framework and structure", "framework", frameworks.SanjiWugangID)

	// A one-time token, never printed, withdrawn when seeding ends.
	var b [32]byte
	_, _ = rand.Read(b[:])
	tok := hex.EncodeToString(b[:])
	auth.token.Store(&tok)
	defer auth.token.Store(nil)
	hc := &http.Client{Transport: handlerTransport{h}}
	const base = "http://zerend.seed"
	bearer := connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+tok)
			return next(ctx, req)
		}
	}))
	checklist := zerenv1connect.NewChecklistServiceClient(hc, base, bearer)
	assess := zerenv1connect.NewAssessmentServiceClient(hc, base, bearer)

	steps := []struct {
		what string
		call func() error
	}{
		{"plan", func() error {
			_, err := checklist.PutPlan(ctx, connect.NewRequest(&zerenv1.PutPlanRequest{Plan: sample.Plan()}))
			return err
		}},
		{"decomposition", func() error {
			_, err := checklist.Decompose(ctx, connect.NewRequest(&zerenv1.DecomposeRequest{PlanId: sample.PlanID}))
			return err
		}},
		{"indicator system", func() error {
			_, err := assess.PutIndicatorSystem(ctx, connect.NewRequest(&zerenv1.PutIndicatorSystemRequest{
				System: sample.IndicatorSystem(), Triggers: sample.Triggers(),
			}))
			return err
		}},
	}
	for _, s := range steps {
		err := s.call()
		switch {
		case err == nil:
			log.Info("seeded 示例市: " + s.what)
		case connect.CodeOf(err) == connect.CodeUnimplemented:
			log.Info("示例市 "+s.what+" not seeded: this server does not offer the call yet", "err", err.Error())
		default:
			return fmt.Errorf("%s: %w", s.what, err)
		}
	}
	return nil
}

// seedAuth accepts the configured tokens and, while seeding, a one-time
// token that grants everything.
type seedAuth struct {
	next  server.Authenticator
	token atomic.Pointer[string]
}

func (a *seedAuth) Authenticate(ctx context.Context, token string) (server.Principal, error) {
	if t := a.token.Load(); t != nil && subtle.ConstantTimeCompare([]byte(*t), []byte(token)) == 1 {
		return server.Principal{Subject: seedActor}, nil
	}
	return a.next.Authenticate(ctx, token)
}

// handlerTransport calls a handler in process.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}
