package server

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"

	"connectrpc.com/connect"

	"github.com/zerenlab/zeren/responsibility"
)

// recordNames are the Chinese names of the records a caller names by id,
// for the one answer given for a record that is missing or outside the
// caller's subtree.
var recordNames = map[string]string{
	"organisation": "组织",
	"post":         "岗位",
	"case":         "督办单",
	"assignment":   "分解任务",
	"proposal":     "问责建议",
	"finding":      "问题",
	"run":          "考核",
}

// missing is the one answer for a record that does not exist and for one
// that lies outside the caller's subtree: NOT_FOUND, naming only the id the
// caller gave, so that a branch cannot tell the two apart (DESIGN.md, "Trust
// model").
func missing(record, id string) error {
	return connect.NewError(connect.CodeNotFound,
		fmt.Errorf("%s %s 不存在或不在调用方的范围内（%s %s does not exist）", recordNames[record], strconv.Quote(id), record, strconv.Quote(id)))
}

// reach reports whether the caller may see a record scoped to an
// organisation: every handler that takes an id asks it, and answers
// [missing] when it says no.
func reach(ctx context.Context, h *responsibility.Hierarchy, scope string) bool {
	p, _ := PrincipalFrom(ctx)
	return p.All() || (scope != "" && h.InSubtree(p.Root, scope))
}

// inScope checks that an organisation exists and lies in the caller's
// subtree; both failures give the same answer.
func inScope(ctx context.Context, h *responsibility.Hierarchy, orgID string) error {
	if orgID == "" {
		return invalid("organization_id", errors.New("is empty"))
	}
	if _, ok := h.Organization(orgID); !ok || !reach(ctx, h, orgID) {
		return missing("organisation", orgID)
	}
	return nil
}

// sealer seals page tokens: AES-256-GCM under a server key, with the
// caller and the query as associated data. A token reveals nothing of the
// records it points at, and one issued to another caller or for another
// query does not open.
type sealer struct{ aead cipher.AEAD }

func newSealer(key []byte) (sealer, error) {
	if key == nil {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return sealer{}, err
		}
	}
	if len(key) != 32 {
		return sealer{}, fmt.Errorf("page token key is %d bytes; it must be 32", len(key))
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return sealer{}, err
	}
	g, err := cipher.NewGCM(b)
	if err != nil {
		return sealer{}, err
	}
	return sealer{g}, nil
}

// bound is the associated data of a token: the caller and the query.
func bound(ctx context.Context, fp string) []byte {
	p, _ := PrincipalFrom(ctx)
	return []byte(strconv.Quote(p.Subject) + "\x00" + strconv.Quote(p.Root) + "\x00" + fp)
}

// seal returns the page token of a plaintext cursor.
func (s sealer) seal(ctx context.Context, fp string, plain []byte) string {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	_, _ = rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(s.aead.Seal(nonce, nonce, plain, bound(ctx, fp)))
}

// badToken is the one answer for a page token that does not open.
func badToken() error {
	return invalid("page_token", errors.New("不是本服务为此调用方和此查询签发的分页令牌（is not a token this server issued to this caller for this query）"))
}

// open returns the cursor a page token seals, or badToken.
func (s sealer) open(ctx context.Context, fp, tok string) ([]byte, error) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(raw) < s.aead.NonceSize()+s.aead.Overhead() || len(raw) > 8192 {
		return nil, badToken()
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], bound(ctx, fp))
	if err != nil {
		return nil, badToken()
	}
	return plain, nil
}
