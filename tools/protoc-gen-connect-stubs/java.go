package main

import (
	"embed"
	"fmt"
	"path"
	"sort"
	"strings"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
)

//go:embed runtime/*.java runtime/*.py
var runtime embed.FS

// javaRuntime are the classes every Java package with services gets.
var javaRuntime = []string{"CallOptions", "ConnectTransport", "ConnectException", "ConnectJson", "ConnectJsonCodec"}

// genJava writes, per Java package with services, one <Service>Client
// class per service, the runtime and ConnectTypes (the messages of the
// generated files by full name, for decoding error details).
func genJava(p *protogen.Plugin) error {
	byPkg := map[string][]*protogen.Service{}
	var pkgs []string
	for _, f := range p.Files {
		if !f.Generate || len(f.Services) == 0 {
			continue
		}
		pkg := javaPackage(f.Desc)
		if _, ok := byPkg[pkg]; !ok {
			pkgs = append(pkgs, pkg)
		}
		byPkg[pkg] = append(byPkg[pkg], f.Services...)
	}
	sort.Strings(pkgs)
	for _, pkg := range pkgs {
		dir := strings.ReplaceAll(pkg, ".", "/")
		taken := map[string]string{}
		for _, f := range p.Files {
			if javaPackage(f.Desc) != pkg {
				continue
			}
			for _, m := range f.Messages {
				taken[m.GoIdent.GoName] = string(m.Desc.FullName())
			}
		}
		for _, name := range append(append([]string{}, javaRuntime...), "ConnectTypes") {
			if full, ok := taken[name]; ok && javaMultipleFiles(p, pkg) {
				return fmt.Errorf("java package %s: message %s would collide with the stubs' class %s", pkg, full, name)
			}
		}
		for _, name := range javaRuntime {
			src, err := runtime.ReadFile("runtime/" + name + ".java")
			if err != nil {
				return err
			}
			g := p.NewGeneratedFile(path.Join(dir, name+".java"), "")
			g.P(strings.TrimRight(strings.Replace(string(src), "package __PACKAGE__;", "package "+pkg+";", 1), "\n"))
		}
		writeJavaTypes(p, pkg, dir)
		for _, s := range byPkg[pkg] {
			if full, ok := taken[s.GoName+"Client"]; ok {
				return fmt.Errorf("java package %s: message %s would collide with the stub %sClient", pkg, full, s.GoName)
			}
			writeJavaService(p, pkg, dir, s)
		}
	}
	return nil
}

func javaMultipleFiles(p *protogen.Plugin, pkg string) bool {
	for _, f := range p.Files {
		if javaPackage(f.Desc) == pkg && javaOptions(f.Desc).GetJavaMultipleFiles() {
			return true
		}
	}
	return false
}

func javaOptions(f protoreflect.FileDescriptor) *descriptorpb.FileOptions {
	if o, ok := f.Options().(*descriptorpb.FileOptions); ok && o != nil {
		return o
	}
	return &descriptorpb.FileOptions{}
}

// javaPackage is the Java package of a file: java_package, else the proto
// package.
func javaPackage(f protoreflect.FileDescriptor) string {
	if p := javaOptions(f).GetJavaPackage(); p != "" {
		return p
	}
	return string(f.Package())
}

// javaOuterClass is the outer class of a file without
// java_multiple_files, named as protoc names it.
func javaOuterClass(f protoreflect.FileDescriptor) string {
	if n := javaOptions(f).GetJavaOuterClassname(); n != "" {
		return n
	}
	name := camelCase(strings.TrimSuffix(path.Base(f.Path()), ".proto"))
	clash := func(n string) bool {
		for i := 0; i < f.Messages().Len(); i++ {
			if string(f.Messages().Get(i).Name()) == n {
				return true
			}
		}
		for i := 0; i < f.Enums().Len(); i++ {
			if string(f.Enums().Get(i).Name()) == n {
				return true
			}
		}
		for i := 0; i < f.Services().Len(); i++ {
			if string(f.Services().Get(i).Name()) == n {
				return true
			}
		}
		return false
	}
	if clash(name) {
		name += "OuterClass"
	}
	return name
}

// javaClass is the fully qualified Java class of a message.
func javaClass(m protoreflect.MessageDescriptor) string {
	f := m.ParentFile()
	nested := strings.TrimPrefix(string(m.FullName()), string(f.Package())+".")
	if f.Package() == "" {
		nested = string(m.FullName())
	}
	pkg := javaPackage(f)
	if !javaOptions(f).GetJavaMultipleFiles() {
		nested = javaOuterClass(f) + "." + nested
	}
	if pkg == "" {
		return nested
	}
	return pkg + "." + nested
}

// commentText is a proto comment without the space that follows each "//".
func commentText(c protogen.Comments) string {
	lines := strings.Split(strings.TrimRight(string(c), "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// javadoc writes a Javadoc comment: the proto comment, escaped for HTML,
// then paragraphs of Javadoc as they are, then block tags.
func javadoc(g *protogen.GeneratedFile, indent string, comment protogen.Comments, paras []string, tags ...string) {
	var lines []string
	if c := commentText(comment); c != "" {
		esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "*/", "*&#47;", "@", "&#64;")
		for _, l := range strings.Split(c, "\n") {
			lines = append(lines, esc.Replace(l))
		}
	}
	for _, p := range paras {
		if len(lines) > 0 {
			lines = append(lines, "")
			p = "<p>" + p
		}
		lines = append(lines, strings.Split(p, "\n")...)
	}
	if len(tags) > 0 {
		lines = append(lines, "")
	}
	for _, t := range tags {
		lines = append(lines, strings.Split(t, "\n")...)
	}
	g.P(indent, "/**")
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			g.P(indent, " *")
		} else {
			g.P(indent, " * ", strings.TrimRight(l, " \t"))
		}
	}
	g.P(indent, " */")
}

func writeJavaService(p *protogen.Plugin, pkg, dir string, s *protogen.Service) {
	name := s.GoName + "Client"
	g := p.NewGeneratedFile(path.Join(dir, name+".java"), "")
	g.P("// Generated by protoc-gen-connect-stubs from ", s.Location.SourceFile, ". Do not edit.")
	g.P("package ", pkg, ";")
	g.P()
	g.P("import java.util.Objects;")
	g.P()
	javadoc(g, "", s.Comments.Leading, []string{
		fmt.Sprintf("Client of {@code %s} over the Connect protocol: unary calls over java.net.http, no gRPC\n"+
			"runtime. Safe for concurrent use: it holds only its {@link ConnectTransport}.", s.Desc.FullName())})
	g.P("public final class ", name, " {")
	g.P("  private final ConnectTransport transport;")
	g.P()
	g.P("  /** Returns a client that calls through {@code transport}. */")
	g.P("  public ", name, "(ConnectTransport transport) {")
	g.P(`    this.transport = Objects.requireNonNull(transport, "transport");`)
	g.P("  }")
	for _, m := range s.Methods {
		g.P()
		if m.Desc.IsStreamingClient() || m.Desc.IsStreamingServer() {
			g.P("  // ", m.GoName, " streams: left out, as these stubs carry unary calls only.")
			continue
		}
		meth := lowerFirst(m.GoName)
		if javaKeywords[meth] {
			meth += "_"
		}
		in, out := javaClass(m.Input.Desc), javaClass(m.Output.Desc)
		proc := fmt.Sprintf("/%s/%s", s.Desc.FullName(), m.Desc.Name())
		throws := "@throws ConnectException with the server's code, message and details, or for a timeout,\n" +
			"    an unreachable server or an interrupt"
		javadoc(g, "  ", m.Comments.Leading, []string{fmt.Sprintf("Calls {@code %s} with the transport's settings.", proc)}, throws)
		g.P("  public ", out, " ", meth, "(", in, " request) throws ConnectException {")
		g.P("    return ", meth, "(request, CallOptions.DEFAULT);")
		g.P("  }")
		g.P()
		javadoc(g, "  ", "", []string{fmt.Sprintf("Calls {@code %s}; {@code options} override the transport's\nsettings for this call.", proc)}, throws)
		g.P("  public ", out, " ", meth, "(", in, " request, CallOptions options) throws ConnectException {")
		g.P(`    return transport.unary("`, proc, `", request, `, out, ".getDefaultInstance(), options);")
		g.P("  }")
	}
	g.P("}")
}

// writeJavaTypes writes ConnectTypes: every message of the generated files
// by full name, so that ConnectException.Detail.message() decodes a detail
// without the caller naming its class. A switch loads only the class asked
// for.
func writeJavaTypes(p *protogen.Plugin, pkg, dir string) {
	var all []protoreflect.MessageDescriptor
	var walk func(ms []*protogen.Message)
	walk = func(ms []*protogen.Message) {
		for _, m := range ms {
			if m.Desc.IsMapEntry() {
				continue
			}
			all = append(all, m.Desc)
			walk(m.Messages)
		}
	}
	for _, f := range p.Files {
		if f.Generate {
			walk(f.Messages)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].FullName() < all[j].FullName() })
	g := p.NewGeneratedFile(path.Join(dir, "ConnectTypes.java"), "")
	g.P("// Generated by protoc-gen-connect-stubs. Do not edit.")
	g.P("package ", pkg, ";")
	g.P()
	g.P("import com.google.protobuf.Message;")
	g.P()
	g.P("/** The generated messages by full name, for decoding error details. */")
	g.P("final class ConnectTypes {")
	g.P("  private ConnectTypes() {}")
	g.P()
	g.P("  /** The default instance of a message by full name, or null for a type not generated here. */")
	g.P("  static Message defaultInstance(String fullName) {")
	g.P("    switch (fullName) {")
	for _, m := range all {
		g.P(`      case "`, m.FullName(), `": return `, javaClass(m), ".getDefaultInstance();")
	}
	g.P("      default: return null;")
	g.P("    }")
	g.P("  }")
	g.P("}")
}
