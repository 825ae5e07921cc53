from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("anmelden/", views.sign_in, name="sign_in"),
    path("anmelden/gesendet/", views.sign_in_sent, name="sign_in_sent"),
    path("anmelden/link/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("abmelden/", views.sign_out, name="sign_out"),
    path("ueberall-abmelden/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("adresse/", views.email_change, name="email_change"),
    path("adresse/<str:token>/", views.email_confirm, name="email_confirm"),
    path("meine-daten.json", views.data_export, name="data_export"),
    path("konto-loeschen/", views.delete_account, name="delete_account"),
    path("download/<int:pk>/<str:name>", views.download, name="download"),
    path("ipn/digistore24/", views.digistore24_ipn, name="digistore24_ipn"),
]
