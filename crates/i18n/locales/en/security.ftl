# Security and account settings
account-language = Language of your account
account-language-hint = Messages to you are written in it, and pages use it on devices where you have not chosen a language.
account-language-save = Save the language
account-language-changed = Your account's language was saved.
