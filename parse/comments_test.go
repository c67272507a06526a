package parse

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// Comments in markups the parser was not written for: each comment's author,
// date and text, no heading ("2 thoughts on “...”", "رأيان حول", "تعليقان
// (٢):") read as a comment, no placeholder, no form, and nothing of them in
// the body.
func TestParse_CommentMarkupsHeldOut(t *testing.T) {
	wrap := func(lang, comments string) []byte {
		return []byte(`<!DOCTYPE html><html lang="` + lang + `"><head><meta charset="utf-8"><title>Water and the future of Iraq – Site</title></head><body>
<header class="site-header"><nav class="main-nav"><ul><li><a href="/c/news">News</a></li></ul></nav></header>
<main><article><h1>Water and the future of Iraq</h1><div class="entry-content"><p>The institute held its monthly meeting on water policy with many researchers and officials who discussed the future of the rivers and the dams at length.</p><p>Speakers asked for a national plan and for cooperation with the neighbouring countries on the shares of water.</p></div></article>` + comments + `</main>
<aside class="sidebar"><h3>Recent</h3><ul><li><a href="/c/news">News</a></li></ul></aside><footer class="site-footer">© 2024</footer></body></html>`)
	}
	const body = "The institute held its monthly meeting on water policy with many researchers and officials who discussed the future of the rivers and the dams at length.\n\nSpeakers asked for a national plan and for cooperation with the neighbouring countries on the shares of water."
	for _, c := range []struct {
		name, lang, html string
		want             []Comment
	}{
		{"wp thoughts", "en", `<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on “Water and the future of Iraq”</h2><ol class="comment-list"><li class="comment"><article class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Ali</b> <span class="says">says:</span></div><div class="comment-metadata"><a href="#c1"><time datetime="2024-03-02T10:00:00+03:00">March 2, 2024 at 10:00 am</time></a></div></footer><div class="comment-content"><p>Very good.</p></div><div class="reply"><a class="comment-reply-link">Reply</a></div></article></li></ol><div id="respond"><h3>Leave a Reply</h3><form><p>Your email address will not be published.</p></form></div></div>`, []Comment{{"Ali", "2024-03-02T10:00:00+03:00", "Very good."}}},
		{"wp thoughts no class h2", "en", `<div class="comments-wrapper"><h3>One thought on “Water”</h3><ul><li><p><strong>Sara</strong> · 3 March 2024</p><p>Thanks for this.</p></li></ul></div>`, []Comment{{"Sara", "3 March 2024", "Thanks for this."}}},
		{"heading split by markup", "en", `<section><h3>2 thoughts on “<span>Water and the future of Iraq</span>”</h3><div><p><b>Ali</b> March 2, 2024</p><p>Good.</p></div><div><p><b>Omar</b> March 3, 2024</p><p>Bad.</p></div></section>`, []Comment{{"Ali", "March 2, 2024", "Good."}, {"Omar", "March 3, 2024", "Bad."}}},
		{"text before its date", "en", `<div id="comments"><div class="item"><span class="comment-author">Huda</span><p>Great article</p><span class="date">March 5, 2024</span></div></div>`, []Comment{{"Huda", "March 5, 2024", "Great article"}}},
		{"heading only responses", "en", `<section><h3>3 Responses to “Water”</h3><div><p><b>Ali</b> March 2, 2024</p><p>Good.</p></div><div><p><b>Omar</b> March 3, 2024</p><p>Bad.</p></div><div><p><b>Zaid</b> March 4, 2024</p><p>Ok then.</p></div></section>`, []Comment{{"Ali", "March 2, 2024", "Good."}, {"Omar", "March 3, 2024", "Bad."}, {"Zaid", "March 4, 2024", "Ok then."}}},
		{"arabic raayan", "ar", `<div class="comments"><h3>رأيان حول “المياه”</h3><div class="comment"><span class="comment-author">علي</span> <span class="comment-date">2 مارس 2024</span><p>مقال جيد.</p></div><div class="comment"><span class="comment-author">عمر</span> <span class="comment-date">3 مارس 2024</span><p>شكرا.</p></div></div>`, []Comment{{"علي", "2 مارس 2024", "مقال جيد."}, {"عمر", "3 مارس 2024", "شكرا."}}},
		{"arabic taaliqan", "ar", `<div id="comments"><h3>تعليقان (٢):</h3><ul><li><b>علي</b><br>مقال جيد.</li><li><b>عمر</b><br>شكرا.</li></ul></div>`, []Comment{{"علي", "", "مقال جيد."}, {"عمر", "", "شكرا."}}},
		{"arabic 3", "ar", `<div id="comments"><h3>٣ تعليقات</h3><p>علي: مقال جيد.</p><p>عمر: شكرا.</p><p>زيد: رائع.</p></div>`, []Comment{{"علي", "", "مقال جيد."}, {"عمر", "", "شكرا."}, {"زيد", "", "رائع."}}},
		{"tailwind", "en", `<div class="mt-8 border-t pt-6"><h2 class="text-xl font-bold">Comments</h2><div class="mt-4 space-y-4"><div class="flex gap-3"><div class="flex-1"><div class="font-semibold text-sm">Hadi R.</div><div class="text-xs text-gray-500">2 days ago</div><div class="mt-1 text-sm">Clear and measured analysis of the water issue.</div></div></div><div class="flex gap-3"><div class="flex-1"><div class="font-semibold text-sm">Noor</div><div class="text-xs text-gray-500">5 days ago</div><div class="mt-1 text-sm">I disagree with the second speaker.</div></div></div></div></div>`, []Comment{{"Hadi R.", "2 days ago", "Clear and measured analysis of the water issue."}, {"Noor", "5 days ago", "I disagree with the second speaker."}}},
		{"blogger", "en", `<div class="comments" id="comments"><h4>2 comments:</h4><div id="comments-block"><dl><dt class="comment-author"><a name="c1"></a><a href="/u/1">Karim</a> said...</dt><dd class="comment-body"><p>Great interview.</p></dd><dd class="comment-footer"><span class="comment-timestamp"><a href="#c1">March 5, 2024 at 9:12 PM</a></span></dd></dl></div></div>`, []Comment{{"Karim", "March 5, 2024 at 9:12 PM", "Great interview."}}},
		{"blogger2 datetime", "en", `<div class="comments" id="comments"><h3 class="title">2 comments:</h3><div class="comments-content"><ol><li class="comment"><div class="comment-block"><div class="comment-header"><cite class="user"><a href="/u">Karim</a></cite><span class="icon user"></span><span class="datetime secondary-text"><a rel="nofollow" href="#c1">March 5, 2024 at 9:12 PM</a></span></div><p class="comment-content">Great interview.</p><span class="comment-actions secondary-text"><a class="comment-reply">Reply</a><span class="item-control blog-admin"><a>Delete</a></span></span></div></li><li class="comment"><div class="comment-block"><div class="comment-header"><cite class="user">Anonymous</cite><span class="datetime secondary-text"><a href="#c2">March 6, 2024 at 1:00 AM</a></span></div><p class="comment-content">Thanks.</p></div></li></ol></div></div>`, []Comment{{"Karim", "March 5, 2024 at 9:12 PM", "Great interview."}, {"Anonymous", "March 6, 2024 at 1:00 AM", "Thanks."}}},
		{"disqus static", "en", `<div id="disqus_thread"><div class="post-list"><div class="post"><div class="post-byline"><span class="author publisher-anchor-color"><a>Sam K</a></span></div><div class="post-meta"><a class="time-ago" title="Tuesday, March 5, 2024 9:12 PM">a year ago</a></div><div class="post-message"><p>Interesting read.</p></div><div class="post-menu">Reply Share</div></div></div></div>`, []Comment{{"Sam K", "2024-03-05", "Interesting read."}}},
		{"drupal", "en", `<section class="comments"><h2 class="title">Comments</h2><article class="comment js-comment"><footer class="comment__meta"><p class="comment__author"><span>Layla (not verified)</span></p><p class="comment__time">Tue, 03/05/2024 - 21:12</p></footer><div class="content"><h3><a href="/comment/1">Good</a></h3><div class="field--name-comment-body"><p>Good points made.</p></div><ul class="links inline"><li><a>Reply</a></li></ul></div></article></section>`, []Comment{{"Layla", "Tue, 03/05/2024 - 21:12", "Good points made."}}},
		{"phpbb table", "en", `<table class="tablebg" id="comments"><tr><th>Author</th><th>Message</th></tr><tr class="row1"><td class="postauthor">Haider</td><td><div class="postdetails">Posted: Tue Mar 05, 2024 9:12 pm</div><div class="postbody">I was at this seminar.</div></td></tr><tr class="row2"><td class="postauthor">Mona</td><td><div class="postdetails">Posted: Wed Mar 06, 2024 8:00 am</div><div class="postbody">So was I.</div></td></tr></table>`, []Comment{{"Haider", "Tue Mar 05, 2024 9:12 pm", "I was at this seminar."}, {"Mona", "Wed Mar 06, 2024 8:00 am", "So was I."}}},
		{"arabic form with earlier", "ar", `<div class="comment-section"><h3>أضف تعليقاً</h3><form><label>الاسم:</label><input><label>التعليق:</label><textarea></textarea><button>إرسال</button></form><h4>التعليقات السابقة</h4><div class="comment-item"><strong>حسين</strong> - 2024/03/05<p>بارك الله فيكم.</p></div></div>`, []Comment{{"حسين", "2024/03/05", "بارك الله فيكم."}}},
		{"drupal 7 submitted by", "en", `<div id="comments"><h2 class="title">Comments</h2><div class="comment"><div class="submitted">Submitted by Zaid on Tue, 12/12/2023 - 09:02</div><div class="content"><p>Good news for students in Najaf.</p></div></div><div class="comment"><div class="submitted">Submitted by Huda (not verified) on Wed, 12/13/2023 - 18:40</div><div class="content"><p>When is the next seminar?</p></div></div></div>`, []Comment{{"Zaid", "Tue, 12/12/2023 - 09:02", "Good news for students in Najaf."}, {"Huda", "Wed, 12/13/2023 - 18:40", "When is the next seminar?"}}},
		{"arabic arsalahu", "ar", `<div id="comments"><h3>التعليقات</h3><div class="c"><div class="by">أرسله علي في 2023/12/12</div><p>خبر جميل.</p></div></div>`, []Comment{{"علي", "2023/12/12", "خبر جميل."}}},
		{"no comments yet", "en", `<div id="comments"><h3>Comments</h3><p>No comments yet.</p><p>Be the first to comment.</p></div>`, []Comment{}},
		{"no comments yet ar", "ar", `<div id="comments"><h3>التعليقات</h3><p>لا توجد تعليقات حتى الآن.</p></div>`, []Comment{}},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			d, err := Parse("https://example.org/2024/03/water.html", "text/html; charset=utf-8", wrap(c.lang, c.html), time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			want := c.want
			if want == nil {
				want = []Comment{}
			}
			if !reflect.DeepEqual(d.Comments, want) {
				t.Errorf("comments\n got %q\nwant %q", d.Comments, want)
			}
			if d.Body != body {
				t.Errorf("body %q", d.Body)
			}
		})
	}
}
