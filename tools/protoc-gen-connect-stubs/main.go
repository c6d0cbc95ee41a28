// Command protoc-gen-connect-stubs is a protoc plugin that writes service
// stubs for the Connect protocol's unary calls in Java and Python, over the
// platforms' own HTTP clients (java.net.http.HttpClient, urllib.request), so
// that a client needs protobuf's runtime and nothing else: no gRPC, no
// Connect library.
//
// It writes stubs only; the messages come from protoc's built-in java and
// python generators, run beside it (buf.gen.clients.yaml). Options:
//
//	lang=java     per Java package with services: <Service>Client.java, one
//	              typed method per unary RPC, and the small runtime they share
//	              (ConnectTransport, CallOptions, ConnectException,
//	              ConnectTypes, a JSON reader for error bodies).
//	lang=python   per .proto file with services: <file>_connect.py, one class
//	              per service with one snake_case method per unary RPC, and
//	              per package _connect.py, the runtime (Transport, ConnectError).
//
// Streaming methods are left out with a comment: Connect's streaming
// protocol needs framing that these stubs do not implement. Run it with
// strategy "all" (one invocation for every file), so that each package's
// runtime is written once.
//
// The protocol (https://connectrpc.com/docs/protocol): POST
// <base>/<package>.<Service>/<Method> with Content-Type application/proto or
// application/json and Connect-Protocol-Version: 1; a deadline travels as
// Connect-Timeout-Ms. Success is 200 with the response message; an error is
// a non-200 answer with the JSON body {"code", "message", "details": [{"type",
// "value" (base64 of the binary message), "debug"}]}.
package main

import (
	"flag"
	"fmt"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/types/pluginpb"
)

func main() {
	var flags flag.FlagSet
	lang := flags.String("lang", "", "the language to write: java or python")
	protogen.Options{ParamFunc: flags.Set}.Run(func(p *protogen.Plugin) error {
		p.SupportedFeatures = uint64(pluginpb.CodeGeneratorResponse_FEATURE_PROTO3_OPTIONAL)
		switch *lang {
		case "java":
			return genJava(p)
		case "python":
			return genPython(p)
		default:
			return fmt.Errorf("protoc-gen-connect-stubs: option lang must be java or python, not %q", *lang)
		}
	})
}
