app_name = "candidaturas"
urlpatterns: list = []
