"""A middleware that notes the path of every request reaching it: put after another
middleware, it shows which requests that one answered itself."""


class Spy:
    paths = []

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        Spy.paths.append(request.path)
        return self.get_response(request)
