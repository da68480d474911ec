"""The yardstick for throughput: the smallest Flask endpoint, served the same way as Pathway."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "ok"
