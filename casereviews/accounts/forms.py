"""Forms of the business unit's admin pages: agencies and users."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.password_validation import validate_password

from casereviews.accounts import selectors, services
from casereviews.accounts.models import Agency, User
from casereviews.accounts.roles import Role

INITIAL_CREDENTIAL_HELP = (
    "At least 12 characters, not a common password, not only numbers, and not like the "
    "person's name or username. Give it to them in person or by phone, not by email."
)


class AgencyForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={
            "required": "Enter the agency's name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    short_name = forms.CharField(
        label="Short name (optional)",
        max_length=40,
        required=False,
        help_text="For example, Police or CSC",
        error_messages={"max_length": "The short name must be 40 characters or fewer"},
    )
    active = forms.BooleanField(
        label="Active",
        required=False,
        help_text="An inactive agency keeps its history but cannot be chosen for new records.",
    )

    def __init__(self, *args, actor, agency=None, **kwargs) -> None:
        self.actor, self.agency = actor, agency
        super().__init__(*args, **kwargs)
        if agency is None:
            del self.fields["active"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        exclude = self.agency.pk if self.agency else None
        if selectors.agency_name_taken(self.actor, name, exclude):
            raise forms.ValidationError(
                f"Your partnership already has an agency called {name}. Enter a different name"
            )
        return name


class UserForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="What they type to sign in, for example firstname.lastname",
        error_messages={"required": "Enter a username"},
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter a first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter a last name"}
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="No agency (business unit or independent reviewer)",
        error_messages={"invalid_choice": "Select an agency of your partnership"},
    )
    is_active = forms.BooleanField(
        label="Can sign in",
        required=False,
        help_text="Untick to stop someone signing in. Their history is kept.",
    )
    password1 = forms.CharField(
        label="Initial password",
        widget=forms.PasswordInput,
        strip=False,
        help_text=INITIAL_CREDENTIAL_HELP,
        error_messages={"required": "Enter an initial password"},
    )
    password2 = forms.CharField(
        label="Confirm the password",
        widget=forms.PasswordInput,
        strip=False,
        error_messages={"required": "Enter the password again"},
    )

    def __init__(self, *args, actor, user=None, **kwargs) -> None:
        self.actor, self.user = actor, user
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = selectors.agency_choices(
            actor, user.agency if user else None
        )
        if user is None:
            del self.fields["is_active"]
        else:
            for name in ("username", "password1", "password2"):
                del self.fields[name]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if selectors.username_taken(username):
            raise forms.ValidationError(
                f"The username {username} is already taken. Enter a different username"
            )
        return username

    def clean_role(self) -> str:
        role = self.cleaned_data["role"]
        if self.user is not None and self.user.pk == self.actor.pk and role != self.actor.role:
            raise forms.ValidationError(
                "You cannot change your own role. Ask another business unit user to do it"
            )
        return role

    def clean_is_active(self) -> bool:
        active = self.cleaned_data["is_active"]
        if self.user is not None and self.user.pk == self.actor.pk and not active:
            raise forms.ValidationError("You cannot stop yourself signing in")
        return active

    def clean(self) -> dict:
        data = super().clean()
        if self.user is None:
            _check_new_password(self, "password1", "password2", self._candidate())
        return data

    def _candidate(self) -> User:
        data = self.cleaned_data
        return User(
            username=data.get("username", ""),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            email=data.get("email", ""),
        )

    def user_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"password1", "password2"}}


class PasswordResetForm(forms.Form):
    password1 = forms.CharField(
        label="New password",
        widget=forms.PasswordInput,
        strip=False,
        help_text=INITIAL_CREDENTIAL_HELP,
        error_messages={"required": "Enter a new password"},
    )
    password2 = forms.CharField(
        label="Confirm the new password",
        widget=forms.PasswordInput,
        strip=False,
        error_messages={"required": "Enter the new password again"},
    )

    def __init__(self, *args, user, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        _check_new_password(self, "password1", "password2", self.user)
        return data


def _check_new_password(form: forms.Form, first: str, second: str, user: User) -> None:
    """Django's password validators, with their own messages, then the confirmation."""
    password = form.cleaned_data.get(first)
    if not password:
        return
    try:
        validate_password(password, user)
    except forms.ValidationError as error:
        form.add_error(first, error)
        return
    confirm = form.cleaned_data.get(second)
    if confirm and confirm != password:
        form.add_error(second, "The passwords do not match. Enter the same password twice")


class CodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=40,
        error_messages={
            "required": "Enter the code",
            "max_length": "Enter the 6-digit code from your app, or a recovery code",
        },
    )

    def __init__(self, *args, label: str = "Code", hint: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = label
        self.fields["code"].help_text = hint


class ForgottenPasswordForm(DjangoPasswordResetForm):
    """Django's reset form with our messages; it sends a link only to an active account with a
    password, and says nothing about whether one exists."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )

    def save(self, *args, **kwargs) -> None:
        users = list(self.get_users(self.cleaned_data["email"]))
        super().save(*args, **kwargs)
        services.log_reset_asked(users)


class NewPasswordForm(SetPasswordForm):
    """Choosing a new password from a reset link, with our messages."""

    error_messages = {
        "password_mismatch": "The passwords do not match. Enter the same password twice",  # noqa: S105
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = (
            "At least 12 characters, not a common password, not only numbers, and not like "
            "your name or username."
        )
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm the new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
