using System.Reflection;
using System.Reflection.Emit;

namespace Phylo.Tests.Architecture;

/// <summary>
/// Reads compiled Phylo assemblies and records which Phylo namespaces each namespace references: base types,
/// interfaces, generic constraints, fields, properties, events, method signatures, custom attributes, and every
/// type, method, field or token operand in method bodies (IL). Compiler-generated nested types (closures, state
/// machines) count for the namespace of the type that owns them. One example type pair is kept per edge.
/// </summary>
internal static class NamespaceReferences
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                     BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Edge (from namespace, to namespace) → one example "FromType → ToType".</summary>
    public static SortedDictionary<(string From, string To), string> Scan(IEnumerable<Assembly> assemblies)
    {
        var edges = new SortedDictionary<(string, string), string>();
        foreach (var assembly in assemblies)
        {
            foreach (var type in assembly.GetTypes())
            {
                var from = NamespaceOf(type);
                if (from is null || !from.StartsWith("Phylo", StringComparison.Ordinal)) continue;
                var seen = new HashSet<Type>();
                void Add(Type? t)
                {
                    if (t is null || !seen.Add(t)) return;
                    if (t.HasElementType) { Add(t.GetElementType()); return; }
                    if (t.IsGenericParameter) return;
                    if (t.IsGenericType && !t.IsGenericTypeDefinition)
                    {
                        Add(t.GetGenericTypeDefinition());
                        foreach (var a in t.GetGenericArguments()) Add(a);
                        return;
                    }
                    var to = NamespaceOf(t);
                    if (to is null || to == from || !to.StartsWith("Phylo", StringComparison.Ordinal)) return;
                    edges.TryAdd((from, to), $"{Name(type)} → {Name(t)}");
                }
                Collect(type, Add);
            }
        }
        return edges;
    }

    /// <summary>The namespace a type belongs to; nested types belong to their outermost declaring type's.</summary>
    private static string? NamespaceOf(Type t)
    {
        while (t.DeclaringType is { } outer) t = outer;
        return t.Namespace;
    }

    private static string Name(Type t)
    {
        while (t.DeclaringType is { } outer && t.Name.Contains('<', StringComparison.Ordinal)) t = outer;
        return t.FullName ?? t.Name;
    }

    private static void Collect(Type type, Action<Type?> add)
    {
        add(type.BaseType);
        foreach (var i in type.GetInterfaces()) add(i);
        foreach (var a in type.GetCustomAttributesData()) Attribute(a, add);
        if (type.IsGenericTypeDefinition)
            foreach (var g in type.GetGenericArguments())
                foreach (var c in g.GetGenericParameterConstraints()) add(c);
        foreach (var f in type.GetFields(All))
        {
            add(f.FieldType);
            foreach (var a in f.GetCustomAttributesData()) Attribute(a, add);
        }
        foreach (var p in type.GetProperties(All))
        {
            add(p.PropertyType);
            foreach (var a in p.GetCustomAttributesData()) Attribute(a, add);
        }
        foreach (var e in type.GetEvents(All)) add(e.EventHandlerType);
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi) add(mi.ReturnType);
            foreach (var p in m.GetParameters())
            {
                add(p.ParameterType);
                foreach (var a in p.GetCustomAttributesData()) Attribute(a, add);
            }
            foreach (var a in m.GetCustomAttributesData()) Attribute(a, add);
            if (m.IsGenericMethodDefinition)
                foreach (var g in m.GetGenericArguments())
                    foreach (var c in g.GetGenericParameterConstraints()) add(c);
            Body(m, add);
        }
    }

    private static void Attribute(CustomAttributeData a, Action<Type?> add)
    {
        add(a.AttributeType);
        foreach (var arg in a.ConstructorArguments.Concat(a.NamedArguments.Select(n => n.TypedValue)))
        {
            add(arg.ArgumentType);
            if (arg.Value is Type t) add(t);
        }
    }

    private static void Body(MethodBase method, Action<Type?> add)
    {
        var body = method.GetMethodBody();
        if (body is null) return;
        foreach (var local in body.LocalVariables) add(local.LocalType);
        foreach (var clause in body.ExceptionHandlingClauses)
            if (clause.Flags == ExceptionHandlingClauseOptions.Clause) add(clause.CatchType);
        var il = body.GetILAsByteArray();
        if (il is null) return;
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var pc = 0; pc < il.Length;)
        {
            short value = il[pc] == 0xFE ? (short)(0xFE00 | il[pc + 1]) : il[pc];
            pc += il[pc] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar: pc += 1; break;
                case OperandType.InlineVar: pc += 2; break;
                case OperandType.InlineI8:
                case OperandType.InlineR: pc += 8; break;
                case OperandType.InlineSwitch: pc += 4 + 4 * BitConverter.ToInt32(il, pc); break;
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                case OperandType.InlineType:
                case OperandType.InlineTok:
                    Member(module.ResolveMember(BitConverter.ToInt32(il, pc), typeArgs, methodArgs), add);
                    pc += 4;
                    break;
                default: pc += 4; break; // InlineI, InlineBrTarget, InlineString, InlineSig, ShortInlineR
            }
        }
    }

    private static void Member(MemberInfo? member, Action<Type?> add)
    {
        switch (member)
        {
            case Type t: add(t); break;
            case FieldInfo f: add(f.DeclaringType); add(f.FieldType); break;
            case MethodBase m:
                add(m.DeclaringType);
                if (m.IsGenericMethod) foreach (var a in m.GetGenericArguments()) add(a);
                break;
        }
    }
}
