package daemon

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"time"

	"connectrpc.com/connect"
	"connectrpc.com/grpchealth"
	"connectrpc.com/grpcreflect"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/zerenlab/zeren/cmd/internal/store"
	_ "github.com/zerenlab/zeren/proto/zeren/v1" // registers the zeren.v1 files
)

// services lists the zeren.v1 services linked into zerend, by full name, in
// order: what reflection offers and what the health service answers for.
func services() []string {
	var out []string
	protoregistry.GlobalFiles.RangeFilesByPackage("zeren.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := range fd.Services().Len() {
			out = append(out, string(fd.Services().Get(i).FullName()))
		}
		return true
	})
	sort.Strings(out)
	return out
}

// discovery mounts gRPC server reflection (v1 and v1alpha), so that
// grpcurl, Postman, Apifox and `buf curl` work without the .proto files,
// and the standard grpc.health.v1 service beside /healthz and /readyz. Both
// answer without a token: they tell the schema and whether zerend serves,
// no data.
func (d *Daemon) discovery(mux *http.ServeMux) {
	names := services()
	reflector := grpcreflect.NewStaticReflector(names...)
	mux.Handle(grpcreflect.NewHandlerV1(reflector))
	mux.Handle(grpcreflect.NewHandlerV1Alpha(reflector))
	mux.Handle(grpchealth.NewHandler(&health{d: d, services: names}))
}

// health answers grpc.health.v1 Check and Watch: SERVING for the server
// ("") and each zeren.v1 service while the store answers a read within two
// seconds and zerend is not shutting down, NOT_SERVING otherwise, NOT_FOUND
// for another service name.
type health struct {
	d        *Daemon
	services []string
}

func (h *health) Check(ctx context.Context, req *grpchealth.CheckRequest) (*grpchealth.CheckResponse, error) {
	if req.Service != "" && !contains(h.services, req.Service) {
		return nil, grpchealthNotFound(req.Service)
	}
	if h.d.draining.Load() {
		return &grpchealth.CheckResponse{Status: grpchealth.StatusNotServing}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := h.d.db.List(ctx, store.KindStructure, store.ListQuery{PageSize: 1}); err != nil {
		return &grpchealth.CheckResponse{Status: grpchealth.StatusNotServing}, nil
	}
	return &grpchealth.CheckResponse{Status: grpchealth.StatusServing}, nil
}

func contains(list []string, s string) bool {
	i := sort.SearchStrings(list, s)
	return i < len(list) && list[i] == s
}

// grpchealthNotFound is the NOT_FOUND the health protocol asks for an
// unknown service.
func grpchealthNotFound(service string) error {
	return connect.NewError(connect.CodeNotFound, errors.New("服务 "+service+" 不存在（unknown service "+service+"）"))
}
