//! Closed sets of values with one wire spelling each ([`wire_enum!`]): parsed once where a
//! request or a stored document is read, matched exhaustively everywhere after.

/// Declares an enum whose variants each have one wire spelling: `ALL` (the spellings in
/// declaration order, which is also the order error messages list them in), `as_str`,
/// `from_wire`, `one_of_text`, `Display`, and serde as the spelling.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value with its wire spelling, in declaration order.
            pub const ALL: &'static [($name, &'static str)] = &[ $( ($name::$variant, $wire), )+ ];

            /// The wire spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire, )+
                }
            }

            /// The value a wire spelling names, if it names one.
            pub fn from_wire(s: &str) -> Option<Self> {
                match s {
                    $( $wire => Some($name::$variant), )+
                    _ => None,
                }
            }

            /// `must be one of a, b, c`: the reason given when a value names none.
            pub fn one_of_text() -> String {
                let list: Vec<&str> = Self::ALL.iter().map(|(_, s)| *s).collect();
                format!("must be one of {}", list.join(", "))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as ::serde::Deserialize>::deserialize(d)?;
                Self::from_wire(&s).ok_or_else(|| {
                    ::serde::de::Error::custom(format!("`{s}`: {}", Self::one_of_text()))
                })
            }
        }
    };
}

pub(crate) use wire_enum;
