package main

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"
)

// billing is a schema unlike zeren.v1's: no java_multiple_files (messages
// nest in an outer class), a nested message as an output, a streaming
// method and a method named after a keyword.
func billing(javaMultipleFiles bool, extraMessages ...string) *descriptorpb.FileDescriptorProto {
	msg := func(name string, nested ...*descriptorpb.DescriptorProto) *descriptorpb.DescriptorProto {
		return &descriptorpb.DescriptorProto{Name: proto.String(name), NestedType: nested}
	}
	method := func(name, in, out string, serverStreaming bool) *descriptorpb.MethodDescriptorProto {
		return &descriptorpb.MethodDescriptorProto{Name: proto.String(name), InputType: proto.String(in),
			OutputType: proto.String(out), ServerStreaming: proto.Bool(serverStreaming)}
	}
	f := &descriptorpb.FileDescriptorProto{
		Name:    proto.String("acme/billing/v2/billing.proto"),
		Package: proto.String("acme.billing.v2"),
		Syntax:  proto.String("proto3"),
		Options: &descriptorpb.FileOptions{
			GoPackage:         proto.String("example.com/acme/billing/v2;billingv2"),
			JavaPackage:       proto.String("com.acme.billing"),
			JavaMultipleFiles: proto.Bool(javaMultipleFiles),
		},
		MessageType: []*descriptorpb.DescriptorProto{msg("Invoice", msg("Line")), msg("GetInvoiceRequest")},
		Service: []*descriptorpb.ServiceDescriptorProto{{
			Name: proto.String("BillingService"),
			Method: []*descriptorpb.MethodDescriptorProto{
				method("GetInvoice", ".acme.billing.v2.GetInvoiceRequest", ".acme.billing.v2.Invoice", false),
				method("GetLine", ".acme.billing.v2.GetInvoiceRequest", ".acme.billing.v2.Invoice.Line", false),
				method("WatchInvoices", ".acme.billing.v2.GetInvoiceRequest", ".acme.billing.v2.Invoice", true),
				method("Import", ".acme.billing.v2.Invoice", ".acme.billing.v2.Invoice", false),
			},
		}},
	}
	for _, m := range extraMessages {
		f.MessageType = append(f.MessageType, msg(m))
	}
	return f
}

func run(t *testing.T, lang string, f *descriptorpb.FileDescriptorProto) (map[string]string, error) {
	t.Helper()
	req := &pluginpb.CodeGeneratorRequest{
		FileToGenerate: []string{f.GetName()},
		Parameter:      proto.String("lang=" + lang),
		ProtoFile:      []*descriptorpb.FileDescriptorProto{f},
	}
	p, err := protogen.Options{}.New(req)
	if err != nil {
		t.Fatal(err)
	}
	if lang == "java" {
		err = genJava(p)
	} else {
		err = genPython(p)
	}
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, f := range p.Response().GetFile() {
		out[f.GetName()] = f.GetContent()
	}
	return out, nil
}

func mustContain(t *testing.T, file, content string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(content, w) {
			t.Errorf("%s lacks %q", file, w)
		}
	}
}

func TestJavaStubsNameOuterAndNestedClassesAsProtocDoes(t *testing.T) {
	files, err := run(t, "java", billing(false))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"CallOptions", "ConnectTransport", "ConnectException", "ConnectJson",
		"ConnectJsonCodec", "ConnectTypes", "BillingServiceClient"} {
		if _, ok := files["com/acme/billing/"+name+".java"]; !ok {
			t.Errorf("no com/acme/billing/%s.java among %d files", name, len(files))
		}
	}
	c := files["com/acme/billing/BillingServiceClient.java"]
	mustContain(t, "BillingServiceClient.java", c,
		"package com.acme.billing;",
		"public com.acme.billing.Billing.Invoice getInvoice(com.acme.billing.Billing.GetInvoiceRequest request) throws ConnectException {",
		"public com.acme.billing.Billing.Invoice.Line getLine(com.acme.billing.Billing.GetInvoiceRequest request, CallOptions options)",
		`transport.unary("/acme.billing.v2.BillingService/GetInvoice", request, com.acme.billing.Billing.Invoice.getDefaultInstance(), options)`,
		"import_(com.acme.billing.Billing.Invoice request)",
		"// WatchInvoices streams: left out",
	)
	if strings.Contains(c, "watchInvoices(") {
		t.Error("a streaming method got a unary stub")
	}
	mustContain(t, "ConnectTypes.java", files["com/acme/billing/ConnectTypes.java"],
		`case "acme.billing.v2.Invoice.Line": return com.acme.billing.Billing.Invoice.Line.getDefaultInstance();`)
	mustContain(t, "ConnectTransport.java", files["com/acme/billing/ConnectTransport.java"], "package com.acme.billing;")
}

func TestJavaStubsRefuseAMessageThatWouldShadowTheirRuntime(t *testing.T) {
	_, err := run(t, "java", billing(true, "ConnectTransport"))
	if err == nil || !strings.Contains(err.Error(), "acme.billing.v2.ConnectTransport") {
		t.Fatalf("err = %v, want a collision naming acme.billing.v2.ConnectTransport", err)
	}
	// Nested in the outer class, the same name does not collide.
	if _, err := run(t, "java", billing(false, "ConnectTransport")); err != nil {
		t.Fatal(err)
	}
}

func TestPythonStubsImportTheMessageModulesAndSnakeCaseTheMethods(t *testing.T) {
	files, err := run(t, "python", billing(false))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := files["acme/billing/v2/_connect.py"]; !ok {
		t.Errorf("no runtime acme/billing/v2/_connect.py among %v", files)
	}
	c := files["acme/billing/v2/billing_connect.py"]
	mustContain(t, "billing_connect.py", c,
		"from acme.billing.v2 import billing_pb2 as acme_dot_billing_dot_v2_dot_billing__pb2",
		"from acme.billing.v2._connect import CODES, ConnectError, ErrorDetail, Transport",
		"class BillingServiceClient:",
		"def get_invoice(self, request: acme_dot_billing_dot_v2_dot_billing__pb2.GetInvoiceRequest, **options) -> acme_dot_billing_dot_v2_dot_billing__pb2.Invoice:",
		`return self._transport.unary("/acme.billing.v2.BillingService/GetLine", request, acme_dot_billing_dot_v2_dot_billing__pb2.Invoice.Line, **options)`,
		"def import_(self",
		"# WatchInvoices streams: left out",
	)
}
