from django import forms


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Deine E-Mail-Adresse",
        max_length=254,
        error_messages={
            "required": "Bitte gib deine E-Mail-Adresse ein.",
            "invalid": "Das sieht nicht nach einer E-Mail-Adresse aus. Bitte prüf "
            "sie noch einmal.",
        },
    )
    weiter = forms.CharField(required=False, widget=forms.HiddenInput)


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label="Neue E-Mail-Adresse",
        max_length=254,
        error_messages={
            "required": "Bitte gib die neue Adresse ein.",
            "invalid": "Das sieht nicht nach einer E-Mail-Adresse aus.",
        },
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="Ja, lösch mein Konto. Meine Zugänge sind dann weg.",
        error_messages={
            "required": "Bitte bestätige, dass du dein Konto löschen willst."
        },
    )
