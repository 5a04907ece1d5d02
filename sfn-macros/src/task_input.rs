//! `#[derive(TaskInput)]`: a type's JSON shape, as serde's derive reads the type from JSON.
//!
//! The serde attributes are read the way `serde_derive` reads them for deserialization
//! (`internals/attr.rs`, `internals/case.rs`, `de.rs`). Attributes that serde rejects are left
//! to serde's derive to report: here they are skipped, never a panic.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Fields, GenericParam, LitStr, Token, Type};

/// Expands `#[derive(TaskInput)]`: the impl, or errors beside a placeholder impl.
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    match own_attributes(&input).and_then(|()| shape(&input)) {
        Ok(shape) => implement(&input, shape),
        Err(e) => {
            // An impl beside the error, so that uses of the type add no errors of their own.
            let error = e.to_compile_error();
            let placeholder = implement(&input, quote!(&::sfn_runtime::__private::Shape::Any));
            quote!(#error #placeholder)
        }
    }
}

/// Checks the derive's own attributes: `#[task_input(any)]` on a field (its shape is "any
/// value", for a field whose type does not implement `TaskInput`, such as a foreign type).
fn own_attributes(input: &DeriveInput) -> syn::Result<()> {
    let check = |attrs: &[Attribute], on_field: bool| -> syn::Result<()> {
        for attr in attrs.iter().filter(|a| a.path().is_ident("task_input")) {
            if !on_field {
                return Err(syn::Error::new_spanned(
                    attr,
                    "`#[task_input(...)]` goes on a field: `#[task_input(any)]`",
                ));
            }
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("any") {
                    Ok(())
                } else {
                    Err(meta.error(
                        "unknown `task_input` attribute: the only one is `#[task_input(any)]`",
                    ))
                }
            })?;
        }
        Ok(())
    };
    check(&input.attrs, false)?;
    let fields: Vec<&syn::Field> = match &input.data {
        syn::Data::Struct(d) => d.fields.iter().collect(),
        syn::Data::Enum(e) => {
            for v in &e.variants {
                check(&v.attrs, false)?;
            }
            e.variants.iter().flat_map(|v| v.fields.iter()).collect()
        }
        syn::Data::Union(u) => u.fields.named.iter().collect(),
    };
    for f in fields {
        check(&f.attrs, true)?;
    }
    Ok(())
}

/// `impl TaskInput` with `shape` as the type's shape.
fn implement(input: &DeriveInput, shape: TokenStream) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics ::sfn_runtime::__private::TaskInput for #ident #ty_generics #where_clause {
                const SHAPE: &'static ::sfn_runtime::__private::Shape = #shape;
            }
        };
    }
}

/// The shape of the type (an expression of type `&'static Shape`), or why it has none.
fn shape(input: &DeriveInput) -> syn::Result<TokenStream> {
    if input
        .generics
        .params
        .iter()
        .any(|p| !matches!(p, GenericParam::Lifetime(_)))
    {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "`#[derive(TaskInput)]` does not support type or const parameters: a shape is one \
             constant per type. Derive it on a concrete type, or implement `TaskInput` by hand",
        ));
    }
    let container = ContainerAttrs::parse(&input.attrs);
    let ty = Ty {
        name: unraw(&input.ident.to_string()),
    };
    // serde's order: `transparent`, then `from`, then `try_from`, then the data.
    if container.transparent {
        if let Data::Struct(s) = &input.data {
            return Ok(transparent(&ty, &s.fields));
        }
    }
    if let Some(from) = &container.from {
        return Ok(ty.shape_of(from));
    }
    if container.identifier {
        // `field_identifier` / `variant_identifier`: read from a string.
        return Ok(quote!(&::sfn_runtime::__private::Shape::String));
    }
    match &input.data {
        Data::Struct(s) => Ok(structure(&ty, &container, &s.fields)),
        Data::Enum(e) => Ok(enumeration(&ty, &container, e.variants.iter())),
        Data::Union(u) => Err(syn::Error::new_spanned(
            &u.union_token,
            "`#[derive(TaskInput)]` does not support unions: serde cannot read them either. \
             Use an enum",
        )),
    }
}

/// The type being derived.
struct Ty {
    /// Its Rust name, for messages.
    name: String,
}

impl Ty {
    /// The shape of a field's type, under the type's span so that a type without `TaskInput`
    /// is reported there.
    fn shape_of(&self, ty: &Type) -> TokenStream {
        if mentions(ty.to_token_stream(), &self.name) {
            // A constant cannot refer to itself: `<Vec<Node> as TaskInput>::SHAPE` inside
            // `Node::SHAPE` is a cycle that rustc rejects. A recursive field is of any shape.
            return any();
        }
        quote_spanned!(ty.span()=> <#ty as ::sfn_runtime::__private::TaskInput>::SHAPE)
    }

    /// The shape a field is read as: any for skipped fields (their type need not have a shape)
    /// and fields read by a function (`with`, `deserialize_with`).
    fn field_shape(&self, field: &syn::Field, attrs: &ItemAttrs) -> TokenStream {
        if attrs.skip_deserializing || attrs.with || attrs.any {
            any()
        } else {
            self.shape_of(&field.ty)
        }
    }

    /// The name of a variant's object: `Enum::Variant`.
    fn variant_name(&self, variant: &syn::Variant) -> String {
        format!("{}::{}", self.name, unraw(&variant.ident.to_string()))
    }
}

/// `&Shape::Any`.
fn any() -> TokenStream {
    quote!(&::sfn_runtime::__private::Shape::Any)
}

/// Whether the tokens name the type `name` or `Self` (a type of the same name in another
/// module counts too: its field is then of any shape, which is never wrong).
fn mentions(tokens: TokenStream, name: &str) -> bool {
    tokens.into_iter().any(|t| match t {
        TokenTree::Ident(i) => {
            let i = i.to_string();
            i == "Self" || unraw(&i) == name
        }
        TokenTree::Group(g) => mentions(g.stream(), name),
        _ => false,
    })
}

/// An identifier without its `r#`, as serde names it.
fn unraw(ident: &str) -> String {
    ident.strip_prefix("r#").unwrap_or(ident).to_string()
}

/// A type without the invisible groups of `macro_rules!` expansions and parentheses.
fn ungroup(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Group(g) => ty = &g.elem,
            Type::Paren(p) => ty = &p.elem,
            _ => return ty,
        }
    }
}

/// Whether the type is spelled `Option<T>` (`std::option::Option<T>`, ...): the test
/// serde_derive applies. serde reads a missing `Option` field as `None`.
fn is_option(ty: &Type) -> bool {
    last_segment_is(ty, "Option", true)
}

/// Whether the type's path ends in `name`, with one type argument when `one_arg`.
fn last_segment_is(ty: &Type, name: &str, one_arg: bool) -> bool {
    let Type::Path(p) = ungroup(ty) else {
        return false;
    };
    let Some(seg) = p.path.segments.last() else {
        return false;
    };
    if seg.ident != name {
        return false;
    }
    if !one_arg {
        return true;
    }
    match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => {
            a.args.len() == 1 && matches!(a.args[0], syn::GenericArgument::Type(_))
        }
        _ => false,
    }
}

/// A `#[serde(transparent)]` struct: the shape of its one field that is read (serde's
/// `allow_transparent`: not `PhantomData`, not skipped, no default).
fn transparent(ty: &Ty, fields: &Fields) -> TokenStream {
    let mut read = fields.iter().filter_map(|f| {
        let attrs = ItemAttrs::parse(&f.attrs);
        let read = !last_segment_is(&f.ty, "PhantomData", false)
            && !attrs.skip_deserializing
            && !attrs.default;
        read.then(|| ty.field_shape(f, &attrs))
    });
    match (read.next(), read.next()) {
        (Some(shape), None) => shape,
        // serde reports it.
        _ => any(),
    }
}

/// A struct: an object, a newtype's inner shape, a tuple, or null.
fn structure(ty: &Ty, container: &ContainerAttrs, fields: &Fields) -> TokenStream {
    match fields {
        Fields::Named(_) => {
            let mut out = Vec::new();
            // `tag` on a struct: serde writes the tag, and reads past it as an unknown field
            // (unless it denies unknown fields). It may be there, so paths to it are fine.
            if let (Some(tag), false) = (&container.tag, container.deny_unknown_fields) {
                let string = quote!(&::sfn_runtime::__private::Shape::String);
                out.push(added_field(tag, string, false).into_token_stream());
            }
            out.extend(named_fields(
                ty,
                fields,
                container.rename_all,
                container.default,
            ));
            object(&ty.name, out)
        }
        Fields::Unnamed(_) => unnamed(ty, fields),
        Fields::Unit => quote!(&::sfn_runtime::__private::Shape::Null),
    }
}

/// The shape of unnamed fields: a newtype's inner shape, or a tuple of the fields serde reads.
fn unnamed(ty: &Ty, fields: &Fields) -> TokenStream {
    if fields.len() == 1 {
        if let Some(f) = fields.iter().next() {
            return ty.field_shape(f, &ItemAttrs::parse(&f.attrs));
        }
    }
    let items = fields.iter().filter_map(|f| {
        let attrs = ItemAttrs::parse(&f.attrs);
        (!attrs.skip_deserializing).then(|| ty.field_shape(f, &attrs))
    });
    quote!(&::sfn_runtime::__private::Shape::Tuple(&[#(#items),*]))
}

/// `&Shape::Object` with these fields.
fn object(name: &str, fields: Vec<TokenStream>) -> TokenStream {
    quote! {
        &::sfn_runtime::__private::Shape::Object(&::sfn_runtime::__private::Object {
            name: #name,
            fields: &[#(#fields),*],
        })
    }
}

/// A field of an object, as emitted.
struct FieldOut {
    name: String,
    aliases: Vec<String>,
    /// Empty for the fields serde adds (a tag, an adjacently tagged enum's content).
    /// `kind` is a variant of `FieldKind`.
    rust: String,
    shape: TokenStream,
    required: bool,
    kind: &'static str,
}

impl ToTokens for FieldOut {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let FieldOut {
            name,
            aliases,
            rust,
            shape,
            required,
            kind,
        } = self;
        let kind = syn::Ident::new(kind, proc_macro2::Span::call_site());
        tokens.extend(quote! {
            ::sfn_runtime::__private::Field {
                name: #name,
                aliases: &[#(#aliases),*],
                rust: #rust,
                shape: #shape,
                required: #required,
                kind: ::sfn_runtime::__private::FieldKind::#kind,
            }
        });
    }
}

/// A field serde adds: a tag (a string), or an adjacently tagged enum's content.
fn added_field(name: &str, shape: TokenStream, required: bool) -> FieldOut {
    FieldOut {
        name: name.to_string(),
        aliases: Vec::new(),
        rust: String::new(),
        shape,
        required,
        kind: "Normal",
    }
}

/// The fields of a struct or a struct variant, renamed by `rule`; `default` when the
/// container has `#[serde(default)]`.
fn named_fields(ty: &Ty, fields: &Fields, rule: Option<Rule>, default: bool) -> Vec<TokenStream> {
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let attrs = ItemAttrs::parse(&f.attrs);
            let rust = match &f.ident {
                Some(ident) => unraw(&ident.to_string()),
                None => i.to_string(),
            };
            let (name, aliases) =
                attrs.names(&rust, |s| rule.map_or(s.to_string(), |r| r.field(s)));
            let kind = if attrs.skip_deserializing {
                "Skip"
            } else if attrs.flatten {
                "Flatten"
            } else if attrs.skip_serializing {
                "SkipSerializing"
            } else {
                "Normal"
            };
            // serde's `expr_is_missing`: a default wins; a field read by a function must be
            // there; otherwise a missing `Option` is `None`.
            let required = !(attrs.skip_deserializing
                || attrs.flatten
                || attrs.default
                || default
                || (!attrs.with && is_option(&f.ty)));
            FieldOut {
                name,
                aliases,
                rust,
                shape: ty.field_shape(f, &attrs),
                required,
                kind,
            }
            .into_token_stream()
        })
        .collect()
}

/// How an enum's variants are told apart.
enum Tagging<'a> {
    /// `{"Variant": content}`, or `"Variant"` for a unit variant (the default).
    External,
    /// `{"tag": "Variant", ...fields}` (`tag = "..."`).
    Internal(&'a str),
    /// `{"tag": "Variant", "content": content}` (`tag = "...", content = "..."`).
    Adjacent(&'a str, &'a str),
    /// The content alone (`untagged`, on the enum or the variant).
    Untagged,
}

/// An enum: one shape per variant that serde reads.
fn enumeration<'a>(
    ty: &Ty,
    container: &ContainerAttrs,
    variants: impl Iterator<Item = &'a syn::Variant>,
) -> TokenStream {
    let tagging = match (&container.tag, &container.content, container.untagged) {
        (_, _, true) => Tagging::Untagged,
        (Some(tag), Some(content), false) => Tagging::Adjacent(tag, content),
        (Some(tag), None, false) => Tagging::Internal(tag),
        // `content` without `tag`: serde reports it.
        (None, _, false) => Tagging::External,
    };
    let mut shapes = Vec::new();
    let mut unit_string = false;
    let mut only_units = true;
    for variant in variants {
        let attrs = ItemAttrs::parse(&variant.attrs);
        if attrs.skip_deserializing {
            continue;
        }
        let this = if attrs.untagged {
            &Tagging::Untagged
        } else {
            &tagging
        };
        let content = variant_content(ty, container, variant, &attrs);
        let unit = content.is_none() && matches!(this, Tagging::External);
        only_units &= unit;
        if unit {
            // Every externally tagged unit variant is a string: one is enough.
            if unit_string {
                continue;
            }
            unit_string = true;
        }
        shapes.push(variant_shape(ty, container, variant, &attrs, this, content));
    }
    if only_units && unit_string {
        return quote!(&::sfn_runtime::__private::Shape::String);
    }
    let name = &ty.name;
    quote!(&::sfn_runtime::__private::Shape::OneOf(#name, &[#(#shapes),*]))
}

/// What a variant holds, as serde reads it: `None` for a unit variant (or a newtype variant
/// whose field is skipped, which serde reads as a unit variant).
fn variant_content(
    ty: &Ty,
    container: &ContainerAttrs,
    variant: &syn::Variant,
    attrs: &ItemAttrs,
) -> Option<Content> {
    let fields = &variant.fields;
    let newtype = matches!(fields, Fields::Unnamed(u) if u.unnamed.len() == 1);
    if matches!(fields, Fields::Unit) {
        return None;
    }
    if newtype {
        let field = fields.iter().next()?;
        let field_attrs = ItemAttrs::parse(&field.attrs);
        if field_attrs.skip_deserializing {
            return None;
        }
        let shape = if attrs.with {
            any()
        } else {
            ty.field_shape(field, &field_attrs)
        };
        // A missing content is read as the newtype's missing field.
        let optional = !attrs.with && !field_attrs.with && is_option(&field.ty);
        return Some(Content::Newtype(shape, optional));
    }
    if attrs.with {
        return Some(Content::Other(any()));
    }
    Some(match fields {
        Fields::Named(_) => {
            let rule = attrs.rename_all.or(container.rename_all_fields);
            Content::Struct(named_fields(ty, fields, rule, false))
        }
        _ => Content::Other(unnamed(ty, fields)),
    })
}

/// A variant's content.
enum Content {
    /// A newtype variant: the inner shape, and whether it is an `Option`.
    Newtype(TokenStream, bool),
    /// A struct variant's fields.
    Struct(Vec<TokenStream>),
    /// A tuple variant's tuple, or any shape.
    Other(TokenStream),
}

/// The shape of one variant in the enum's tagging.
fn variant_shape(
    ty: &Ty,
    container: &ContainerAttrs,
    variant: &syn::Variant,
    attrs: &ItemAttrs,
    tagging: &Tagging,
    content: Option<Content>,
) -> TokenStream {
    let object_name = ty.variant_name(variant);
    let content_shape = |c: Content| match c {
        Content::Newtype(shape, _) | Content::Other(shape) => shape,
        Content::Struct(fields) => object(&object_name, fields),
    };
    let string = quote!(&::sfn_runtime::__private::Shape::String);
    match tagging {
        Tagging::External => {
            let Some(content) = content else {
                return string;
            };
            let rust = unraw(&variant.ident.to_string());
            let (name, aliases) = attrs.names(&rust, |s| {
                container.rename_all.map_or(s.to_string(), |r| r.variant(s))
            });
            let field = FieldOut {
                name,
                aliases,
                rust,
                shape: content_shape(content),
                required: true,
                kind: "Normal",
            };
            object(&object_name, vec![field.into_token_stream()])
        }
        Tagging::Internal(tag) => {
            let mut fields = vec![added_field(tag, string, true).into_token_stream()];
            match content {
                None => {}
                Some(Content::Struct(own)) => fields.extend(own),
                Some(Content::Newtype(shape, _)) => fields.push(
                    FieldOut {
                        name: "0".to_string(),
                        aliases: Vec::new(),
                        rust: "0".to_string(),
                        shape,
                        required: false,
                        kind: "Flatten",
                    }
                    .into_token_stream(),
                ),
                // A tuple variant (serde reports it), or a variant read by a function.
                Some(Content::Other(shape)) => fields.push(
                    FieldOut {
                        name: String::new(),
                        aliases: Vec::new(),
                        rust: String::new(),
                        shape,
                        required: false,
                        kind: "Flatten",
                    }
                    .into_token_stream(),
                ),
            }
            object(&object_name, fields)
        }
        Tagging::Adjacent(tag, content_name) => {
            let mut fields = vec![added_field(tag, string, true).into_token_stream()];
            if let Some(content) = content {
                let required = !matches!(content, Content::Newtype(_, true));
                let shape = content_shape(content);
                fields.push(added_field(content_name, shape, required).into_token_stream());
            }
            object(&object_name, fields)
        }
        Tagging::Untagged => match content {
            None => quote!(&::sfn_runtime::__private::Shape::Null),
            Some(content) => content_shape(content),
        },
    }
}

/// serde's `rename_all` rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl Rule {
    /// The rule of a `rename_all` value; `None` for a value serde rejects.
    fn from_name(name: &str) -> Option<Rule> {
        Some(match name {
            "lowercase" => Rule::Lower,
            "UPPERCASE" => Rule::Upper,
            "PascalCase" => Rule::Pascal,
            "camelCase" => Rule::Camel,
            "snake_case" => Rule::Snake,
            "SCREAMING_SNAKE_CASE" => Rule::ScreamingSnake,
            "kebab-case" => Rule::Kebab,
            "SCREAMING-KEBAB-CASE" => Rule::ScreamingKebab,
            _ => return None,
        })
    }

    /// A variant's name (PascalCase in Rust) under the rule, as serde's `apply_to_variant`.
    fn variant(self, variant: &str) -> String {
        match self {
            Rule::Pascal => variant.to_string(),
            Rule::Lower => variant.to_ascii_lowercase(),
            Rule::Upper => variant.to_ascii_uppercase(),
            Rule::Camel => lower_first(variant),
            Rule::Snake => {
                let mut snake = String::new();
                for (i, ch) in variant.char_indices() {
                    if i > 0 && ch.is_uppercase() {
                        snake.push('_');
                    }
                    snake.push(ch.to_ascii_lowercase());
                }
                snake
            }
            Rule::ScreamingSnake => Rule::Snake.variant(variant).to_ascii_uppercase(),
            Rule::Kebab => Rule::Snake.variant(variant).replace('_', "-"),
            Rule::ScreamingKebab => Rule::ScreamingSnake.variant(variant).replace('_', "-"),
        }
    }

    /// A field's name (snake_case in Rust) under the rule, as serde's `apply_to_field`.
    fn field(self, field: &str) -> String {
        match self {
            Rule::Lower | Rule::Snake => field.to_string(),
            Rule::Upper | Rule::ScreamingSnake => field.to_ascii_uppercase(),
            Rule::Pascal => {
                let mut pascal = String::new();
                let mut capitalize = true;
                for ch in field.chars() {
                    if ch == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(ch.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(ch);
                    }
                }
                pascal
            }
            Rule::Camel => lower_first(&Rule::Pascal.field(field)),
            Rule::Kebab => field.replace('_', "-"),
            Rule::ScreamingKebab => field.to_ascii_uppercase().replace('_', "-"),
        }
    }
}

/// The text with its first character in ASCII lower case (serde slices off one byte, which
/// panics on a non-ASCII first character: this does not).
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The container attributes that change how serde reads a type.
#[derive(Default)]
struct ContainerAttrs {
    /// `rename_all` (for deserialization): fields of a struct, variants of an enum.
    rename_all: Option<Rule>,
    /// `rename_all_fields`: the fields of an enum's struct variants.
    rename_all_fields: Option<Rule>,
    transparent: bool,
    /// `default` or `default = "..."`: every field may be missing.
    default: bool,
    tag: Option<String>,
    content: Option<String>,
    untagged: bool,
    /// `from = "..."` or `try_from = "..."`: the type read instead.
    from: Option<Type>,
    /// `field_identifier` or `variant_identifier`.
    identifier: bool,
    deny_unknown_fields: bool,
}

impl ContainerAttrs {
    fn parse(attrs: &[Attribute]) -> ContainerAttrs {
        let mut c = ContainerAttrs::default();
        let mut try_from = None;
        serde_items(attrs, |meta| {
            let key = &meta.path;
            if key.is_ident("rename_all") {
                let rule = de_values(meta)?
                    .first()
                    .and_then(|l| Rule::from_name(&l.value()));
                c.rename_all = c.rename_all.or(rule);
            } else if key.is_ident("rename_all_fields") {
                let rule = de_values(meta)?
                    .first()
                    .and_then(|l| Rule::from_name(&l.value()));
                c.rename_all_fields = c.rename_all_fields.or(rule);
            } else if key.is_ident("transparent") {
                c.transparent = true;
            } else if key.is_ident("default") {
                c.default |= is_flag_or_string(meta)?;
            } else if key.is_ident("tag") {
                c.tag = c.tag.take().or(string(meta)?.map(|l| l.value()));
            } else if key.is_ident("content") {
                c.content = c.content.take().or(string(meta)?.map(|l| l.value()));
            } else if key.is_ident("untagged") {
                c.untagged = true;
            } else if key.is_ident("from") {
                c.from = c.from.take().or(string(meta)?.and_then(|l| l.parse().ok()));
            } else if key.is_ident("try_from") {
                try_from = try_from
                    .take()
                    .or(string(meta)?.and_then(|l| l.parse().ok()));
            } else if key.is_ident("field_identifier") || key.is_ident("variant_identifier") {
                c.identifier = true;
            } else if key.is_ident("deny_unknown_fields") {
                c.deny_unknown_fields = true;
            }
            Ok(())
        });
        c.from = c.from.or(try_from);
        c
    }
}

/// The attributes of a field or a variant that change how serde reads it (serde rejects the
/// ones that do not belong, so one set serves both).
#[derive(Default)]
struct ItemAttrs {
    /// The `deserialize` names of `rename`, in order: the first is the name, the others are
    /// aliases.
    renames: Vec<String>,
    /// `alias = "..."`.
    aliases: Vec<String>,
    /// `default` or `default = "..."`.
    default: bool,
    /// `skip` or `skip_deserializing`.
    skip_deserializing: bool,
    /// `skip_serializing`. (`skip_serializing_if` decides per value, when writing: a typed
    /// payload writes the field, which reads back the same.)
    skip_serializing: bool,
    flatten: bool,
    /// `with` or `deserialize_with`: read by a function, in a form that is not known.
    with: bool,
    /// `#[task_input(any)]`: of any shape (an `Option` of it may still be absent).
    any: bool,
    /// A variant's `rename_all`, for its fields.
    rename_all: Option<Rule>,
    /// A variant's `untagged`.
    untagged: bool,
}

impl ItemAttrs {
    fn parse(attrs: &[Attribute]) -> ItemAttrs {
        let mut a = ItemAttrs::default();
        serde_items(attrs, |meta| {
            let key = &meta.path;
            if key.is_ident("rename") {
                a.renames.extend(de_values(meta)?.iter().map(LitStr::value));
            } else if key.is_ident("alias") {
                a.aliases.extend(string(meta)?.map(|l| l.value()));
            } else if key.is_ident("default") {
                a.default |= is_flag_or_string(meta)?;
            } else if key.is_ident("skip") || key.is_ident("skip_deserializing") {
                a.skip_deserializing = true;
            } else if key.is_ident("skip_serializing") {
                a.skip_serializing = true;
            } else if key.is_ident("skip_serializing_if") {
                string(meta)?;
            } else if key.is_ident("flatten") {
                a.flatten = true;
            } else if key.is_ident("with") || key.is_ident("deserialize_with") {
                a.with |= string(meta)?.is_some();
            } else if key.is_ident("rename_all") {
                let rule = de_values(meta)?
                    .first()
                    .and_then(|l| Rule::from_name(&l.value()));
                a.rename_all = a.rename_all.or(rule);
            } else if key.is_ident("untagged") {
                a.untagged = true;
            }
            Ok(())
        });
        // `#[task_input(any)]` (checked by `own_attributes`): any value, like `with`.
        a.any = attrs.iter().any(|attr| attr.path().is_ident("task_input"));
        a
    }

    /// The JSON name (the first `rename`, else `rule` applied to the Rust name) and the other
    /// names serde accepts, in the order written.
    fn names(&self, rust: &str, rule: impl Fn(&str) -> String) -> (String, Vec<String>) {
        let name = match self.renames.first() {
            Some(renamed) => renamed.clone(),
            None => rule(rust),
        };
        let mut aliases: Vec<String> = Vec::new();
        for alias in self.renames.iter().chain(&self.aliases) {
            if *alias != name && !aliases.contains(alias) {
                aliases.push(alias.clone());
            }
        }
        (name, aliases)
    }
}

/// Calls `each` with every item of the `#[serde(...)]` attributes. What `each` leaves of an
/// item's value is skipped; a syntax error, serde's to report, ends only its attribute.
fn serde_items(attrs: &[Attribute], mut each: impl FnMut(&ParseNestedMeta) -> syn::Result<()>) {
    for attr in attrs {
        if !attr.path().is_ident("serde") || !matches!(attr.meta, syn::Meta::List(_)) {
            continue;
        }
        let _ = attr.parse_nested_meta(|meta| {
            each(&meta)?;
            skip_value(meta.input)
        });
    }
}

/// Skips the rest of an item, up to the next `,`.
fn skip_value(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// The string literal of `key = "..."`; `None` when there is no `=` or the value is not a
/// string literal (serde reports it).
fn string(meta: &ParseNestedMeta) -> syn::Result<Option<LitStr>> {
    if !meta.input.peek(Token![=]) {
        return Ok(None);
    }
    meta.input.parse::<Token![=]>()?;
    let mut value = Vec::new();
    while !meta.input.is_empty() && !meta.input.peek(Token![,]) {
        value.push(meta.input.parse::<TokenTree>()?);
    }
    Ok(lit_str(value))
}

/// The string literal that the tokens are, also inside the invisible groups of
/// `macro_rules!` expansions.
fn lit_str(tokens: Vec<TokenTree>) -> Option<LitStr> {
    let [token] = <[TokenTree; 1]>::try_from(tokens).ok()?;
    match token {
        TokenTree::Literal(l) => syn::parse2(TokenTree::Literal(l).into()).ok(),
        TokenTree::Group(g) if g.delimiter() == Delimiter::None => {
            lit_str(g.stream().into_iter().collect())
        }
        _ => None,
    }
}

/// Whether a `key` or `key = "..."` item is set (`key = 5` is not: serde rejects it).
fn is_flag_or_string(meta: &ParseNestedMeta) -> syn::Result<bool> {
    if meta.input.peek(Token![=]) {
        Ok(string(meta)?.is_some())
    } else {
        Ok(true)
    }
}

/// The deserialization values of `key = "..."` or `key(serialize = "...", deserialize = "...")`.
fn de_values(meta: &ParseNestedMeta) -> syn::Result<Vec<LitStr>> {
    if meta.input.peek(Token![=]) {
        return Ok(string(meta)?.into_iter().collect());
    }
    let mut values = Vec::new();
    if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| {
            let value = string(&inner)?;
            if inner.path.is_ident("deserialize") {
                values.extend(value);
            }
            skip_value(inner.input)
        })?;
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    /// serde's own table (`internals/case.rs`, `rename_variants`).
    #[test]
    fn variant_rules_match_serde() {
        for (original, lower, upper, camel, snake, screaming, kebab, screaming_kebab) in [
            (
                "Outcome", "outcome", "OUTCOME", "outcome", "outcome", "OUTCOME", "outcome",
                "OUTCOME",
            ),
            (
                "VeryTasty",
                "verytasty",
                "VERYTASTY",
                "veryTasty",
                "very_tasty",
                "VERY_TASTY",
                "very-tasty",
                "VERY-TASTY",
            ),
            ("A", "a", "A", "a", "a", "A", "a", "A"),
            ("Z42", "z42", "Z42", "z42", "z42", "Z42", "z42", "Z42"),
        ] {
            assert_eq!(Rule::Lower.variant(original), lower);
            assert_eq!(Rule::Upper.variant(original), upper);
            assert_eq!(Rule::Pascal.variant(original), original);
            assert_eq!(Rule::Camel.variant(original), camel);
            assert_eq!(Rule::Snake.variant(original), snake);
            assert_eq!(Rule::ScreamingSnake.variant(original), screaming);
            assert_eq!(Rule::Kebab.variant(original), kebab);
            assert_eq!(Rule::ScreamingKebab.variant(original), screaming_kebab);
        }
    }

    /// serde's own table (`internals/case.rs`, `rename_fields`).
    #[test]
    fn field_rules_match_serde() {
        for (original, upper, pascal, camel, screaming, kebab, screaming_kebab) in [
            (
                "outcome", "OUTCOME", "Outcome", "outcome", "OUTCOME", "outcome", "OUTCOME",
            ),
            (
                "very_tasty",
                "VERY_TASTY",
                "VeryTasty",
                "veryTasty",
                "VERY_TASTY",
                "very-tasty",
                "VERY-TASTY",
            ),
            ("a", "A", "A", "a", "A", "a", "A"),
            ("z42", "Z42", "Z42", "z42", "Z42", "z42", "Z42"),
        ] {
            assert_eq!(Rule::Lower.field(original), original);
            assert_eq!(Rule::Upper.field(original), upper);
            assert_eq!(Rule::Pascal.field(original), pascal);
            assert_eq!(Rule::Camel.field(original), camel);
            assert_eq!(Rule::Snake.field(original), original);
            assert_eq!(Rule::ScreamingSnake.field(original), screaming);
            assert_eq!(Rule::Kebab.field(original), kebab);
            assert_eq!(Rule::ScreamingKebab.field(original), screaming_kebab);
        }
    }

    #[test]
    fn odd_names_do_not_panic() {
        for rule in [Rule::Camel, Rule::Pascal, Rule::Snake, Rule::ScreamingKebab] {
            assert_eq!(rule.field(""), "");
            assert_eq!(rule.variant(""), "");
            let _ = rule.field("_");
            let _ = rule.variant("Épée");
        }
        assert_eq!(Rule::Camel.variant("Épée"), "Épée");
    }

    /// Malformed attributes expand to something, never a panic.
    #[test]
    fn malformed_attributes_expand_without_panic() {
        for attrs in [
            "#[serde]",
            "#[serde = 1]",
            "#[serde()]",
            "#[serde(rename)]",
            "#[serde(rename = 5)]",
            "#[serde(rename(deserialize))]",
            "#[serde(rename(deserialize = 1, serialize = \"x\"))]",
            "#[serde(rename(what = \"x\"), alias = \"y\")]",
            "#[serde(rename_all = \"nope\")]",
            "#[serde(rename_all(deserialize = 3))]",
            "#[serde(tag)]",
            "#[serde(tag = 1, content)]",
            "#[serde(content = \"c\")]",
            "#[serde(untagged, tag = \"t\", content = \"c\")]",
            "#[serde(from = \"not a type\")]",
            "#[serde(try_from = 4)]",
            "#[serde(transparent)]",
            "#[serde(default = \"\")]",
            "#[serde(unknown = a::b::<C, D>, flatten(x))]",
            "#[serde(\"literal\")]",
            "#[serde(, , rename = \"x\")]",
            "#[serde(skip_serializing_if)]",
            "#[serde(with = \"m\", deserialize_with(1))]",
            "#[serde(field_identifier)]",
        ] {
            for item in [
                "struct S { a: u8, #[ATTR] b: Option<S>, c: (u8, String) }",
                "struct T(#[ATTR] u8, u16);",
                "struct N(#[ATTR] u8);",
                "struct U;",
                "enum E { #[ATTR] A, B(#[ATTR] u8), C { x: u8 }, D(u8, u8), #[ATTR] F(Self) }",
                "enum Z {}",
            ] {
                let with_item_attrs = item.replace("ATTR", &attrs[2..attrs.len() - 1]);
                let with_container = format!("{attrs} {item}").replace("#[ATTR]", "");
                for source in [with_item_attrs, with_container] {
                    let tokens = TokenStream::from_str(&source).expect("tokens");
                    let out = expand(tokens).to_string();
                    assert!(out.contains("TaskInput"), "{source}: {out}");
                }
            }
        }
    }

    #[test]
    fn generics_and_unions_are_errors_beside_an_impl() {
        for source in [
            "struct G<T> { t: T }",
            "struct C<const N: usize>([u8; N]);",
            "union U { a: u8 }",
        ] {
            let out = expand(TokenStream::from_str(source).expect("tokens")).to_string();
            assert!(out.contains("compile_error"), "{out}");
            assert!(out.contains("Shape :: Any"), "{out}");
        }
        let out = expand(TokenStream::from_str("struct L<'a> { s: &'a str }").expect("tokens"));
        assert!(!out.to_string().contains("compile_error"), "{out}");
    }
}
